import {
  type Env,
  type Iam,
  type IamInput,
  maskKey,
  redactExternal,
  type Trace,
  VaultError,
} from "@vault-cli/core";
import { errnoCode, UNREACHABLE } from "../sts/sts-error.js";
import { describeLimit, limitsFromEnv } from "../vault/limits.js";
import type { IamRequest, IamWire, IamWireModule } from "./iam-wire.js";

export interface LazyIamOptions {
  readonly env: Env;
  readonly trace?: Trace;
}

/**
 * The real Iam port: @aws-sdk/client-iam is loaded on the first call. Endpoint: AWS_ENDPOINT_URL_IAM >
 * AWS_ENDPOINT_URL > the profile's endpoint_url; IAM is global, signed in its partition's home region.
 * Deadlines are STS's (VAULT_CLI_STS_TIMEOUT, VAULT_CLI_STS_CONNECT_TIMEOUT).
 */
export function lazyIam(options: LazyIamOptions): Iam {
  const { env, trace } = options;
  const limits = limitsFromEnv(env);
  let wire: Promise<IamWire> | undefined;

  async function call<T>(
    input: IamInput,
    name: string,
    run: (wire: IamWire, request: IamRequest) => Promise<T>,
  ) {
    const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true";
    const endpoint = ignore
      ? undefined
      : env.AWS_ENDPOINT_URL_IAM?.trim() ||
        env.AWS_ENDPOINT_URL?.trim() ||
        input.endpointUrl?.trim() ||
        undefined;
    const region = homeRegion(input.region);
    const display = endpoint ?? "https://iam.amazonaws.com";
    trace?.(
      `iam: ${name} for '${input.profile}' at ${display}, signed by ${maskKey(input.credentials.accessKeyId)}`,
    );
    const abortSignal = AbortSignal.timeout(limits.stsTimeoutMs);
    const request: IamRequest = {
      region,
      ...(endpoint ? { endpoint } : {}),
      credentials: input.credentials,
      abortSignal,
      connectTimeoutMs: limits.stsConnectTimeoutMs,
    };
    try {
      wire ??= (import("./sdk-iam.js") as Promise<IamWireModule>).then((module) => module.createIamWire());
      return await run(await wire, request);
    } catch (error) {
      const prefix = `profile '${input.profile}': ${name} failed`;
      const options = { cause: error, profile: input.profile };
      if (abortSignal.aborted) {
        throw new VaultError(
          "IAM_FAILED",
          `${prefix}: no answer from IAM at ${display} within ${describeLimit(limits.stsTimeoutMs, "ms")} (VAULT_CLI_STS_TIMEOUT)`,
          options,
        );
      }
      const network = errnoCode(error);
      if (network !== undefined && UNREACHABLE.has(network)) {
        throw new VaultError("IAM_FAILED", `${prefix}: cannot reach IAM at ${display} (${network})`, options);
      }
      const kind = error instanceof Error ? error.name : "Error";
      const message = redactExternal(error instanceof Error ? error.message : String(error));
      throw new VaultError(
        "IAM_FAILED",
        `${prefix}: ${kind === "Error" ? "" : `${kind}: `}${message}`,
        options,
      );
    }
  }

  return {
    createAccessKey: (input) => call(input, "CreateAccessKey", (w, request) => w.createAccessKey(request)),
    deleteAccessKey: (input) =>
      call(input, `DeleteAccessKey ${maskKey(input.accessKeyId)}`, (w, request) =>
        w.deleteAccessKey(request, input.accessKeyId),
      ),
  };
}

/** IAM's signing region in each partition. */
function homeRegion(region: string | undefined): string {
  if (region?.startsWith("cn-")) return "cn-north-1";
  if (region?.startsWith("us-gov-")) return "us-gov-west-1";
  return "us-east-1";
}
