import {
  type AssumeRoleInput,
  type AssumeRoleWithWebIdentityInput,
  type AwsCredentials,
  type Env,
  type GetSessionTokenInput,
  maskKey,
  type Sts,
  type StsTarget,
  type Trace,
  VaultError,
} from "@vault-cli/core";
import { describeLimit, limitsFromEnv } from "../vault/limits.js";
import { resolveStsEndpoint } from "./sts-endpoint.js";
import { toStsError } from "./sts-error.js";
import type { StsRequest, StsWire, StsWireModule } from "./sts-wire.js";

export interface LazyStsOptions {
  /** Where AWS_ENDPOINT_URL(_STS), AWS_REGION, ... are read (never process.env directly). */
  readonly env: Env;
  /** `--debug`: each call with its endpoint, parameters (codes and tokens masked), result and time taken. */
  readonly trace?: Trace;
  /** The deadline of one call, retries included, and of opening a connection; default limitsFromEnv(env)'s. */
  readonly timeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

type Call = { action: StsRequest["action"]; call: string; params: object; credentials?: AwsCredentials };

/**
 * The real Sts port. @aws-sdk/client-sts is loaded (once) on the first call, so importing this package, and
 * a cache hit, load no AWS SDK code.
 */
export function lazySts(options: LazyStsOptions): Sts {
  let wire: Promise<StsWire> | undefined;

  const { trace } = options;
  const limits = limitsFromEnv(options.env);
  const timeoutMs = options.timeoutMs ?? limits.stsTimeoutMs;
  const connectTimeoutMs = options.connectTimeoutMs ?? limits.stsConnectTimeoutMs;

  async function send(target: StsTarget, { action, call, params, credentials }: Call) {
    const endpoint = resolveStsEndpoint(target, options.env);
    const signer = credentials ? `signed by ${maskKey(credentials.accessKeyId)}` : "unsigned";
    trace?.(
      `sts: ${call} for '${target.profile}' at ${endpoint.display} (${endpoint.region}), ${signer}, ${describeParams(params)}`,
    );
    const started = performance.now();
    const took = () => `${Math.round(performance.now() - started)}ms`;
    try {
      wire ??= loadWire().catch((error: unknown) => {
        wire = undefined; // a failed load (e.g. a missing chunk) is retried on the next call
        throw error;
      });
      const abortSignal = AbortSignal.timeout(timeoutMs);
      const request = {
        ...endpoint,
        action,
        params,
        abortSignal,
        connectTimeoutMs,
        ...(credentials ? { credentials } : {}),
      } as StsRequest;
      const result = await (await wire).send(request).catch((error: unknown) => {
        // The whole call's deadline, or one attempt's (the SDK's requestTimeout, 4 times the connect timeout).
        const timedOut: { within: number; limit: string } | undefined = abortSignal.aborted
          ? { within: timeoutMs, limit: "VAULT_CLI_STS_TIMEOUT" }
          : (error as Error).name === "TimeoutError"
            ? { within: connectTimeoutMs * 4, limit: "VAULT_CLI_STS_CONNECT_TIMEOUT" }
            : undefined;
        if (timedOut === undefined) throw error;
        const { within, limit } = timedOut;
        const attempt = limit === "VAULT_CLI_STS_TIMEOUT" ? "" : " per attempt";
        throw new VaultError(
          "STS_FAILED",
          `profile '${target.profile}': ${call} failed: no answer from STS at ${endpoint.display} within ` +
            `${describeLimit(within, "ms")}${attempt} (${limit})`,
          { cause: error, profile: target.profile, data: { limit } },
        );
      });
      trace?.(
        `sts: ${action} -> ${maskKey(result.accessKeyId)}, expires ${result.expiration.toISOString()} (${took()})`,
      );
      return result;
    } catch (error) {
      const failure = toStsError(error, { profile: target.profile, call, endpoint: endpoint.display });
      trace?.(`sts: ${action} failed after ${took()}: ${failure.code}`);
      throw failure;
    }
  }

  return {
    getSessionToken: (input: GetSessionTokenInput) =>
      send(input, {
        action: "GetSessionToken",
        call: "GetSessionToken",
        credentials: input.credentials,
        params: { DurationSeconds: input.durationSeconds, ...mfaParams(input.mfa) },
      }),
    assumeRole: (input: AssumeRoleInput) =>
      send(input, {
        action: "AssumeRole",
        call: `AssumeRole ${input.roleArn}`,
        credentials: input.credentials,
        params: assumeRoleParams(input),
      }),
    assumeRoleWithWebIdentity: (input: AssumeRoleWithWebIdentityInput) =>
      send(input, {
        action: "AssumeRoleWithWebIdentity",
        call: `AssumeRoleWithWebIdentity ${input.roleArn}`,
        params: {
          RoleArn: input.roleArn,
          RoleSessionName: input.roleSessionName,
          DurationSeconds: input.durationSeconds,
          WebIdentityToken: input.webIdentityToken,
        },
      }),
  };
}

async function loadWire(): Promise<StsWire> {
  // On Node 20 the SDK warns that its 2027 releases need Node 22. That warning is the app's to keep or silence
  // (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED); the CLI's build turns it off in its own copy of the SDK.
  const module: StsWireModule = await import("./sdk-sts.js");
  return module.createStsWire();
}

/** Parameters for --debug: MFA codes and web identity tokens are masked, everything else shown. */
function describeParams(params: object): string {
  const masked = new Set(["TokenCode", "WebIdentityToken"]);
  return Object.entries(params)
    .map(([name, value]) => `${name}=${masked.has(name) ? "******" : JSON.stringify(value)}`)
    .join(" ");
}

function mfaParams(mfa: GetSessionTokenInput["mfa"]) {
  return mfa ? { SerialNumber: mfa.serialNumber, TokenCode: mfa.tokenCode } : {};
}

function assumeRoleParams(input: AssumeRoleInput) {
  const tags = Object.entries(input.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  return {
    RoleArn: input.roleArn,
    RoleSessionName: input.roleSessionName,
    DurationSeconds: input.durationSeconds,
    ...(input.externalId === undefined ? {} : { ExternalId: input.externalId }),
    ...mfaParams(input.mfa),
    ...(tags.length > 0 ? { Tags: tags } : {}),
    ...(input.transitiveTagKeys?.length ? { TransitiveTagKeys: [...input.transitiveTagKeys] } : {}),
    ...(input.sourceIdentity === undefined ? {} : { SourceIdentity: input.sourceIdentity }),
  };
}
