import {
  type AssumeRoleInput,
  type AssumeRoleWithWebIdentityInput,
  type AwsCredentials,
  type CallerIdentity,
  type Env,
  type GetCallerIdentityInput,
  type GetFederationTokenInput,
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
import type { StsCredentialsRequest, StsRequest, StsWire, StsWireModule } from "./sts-wire.js";

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

/** How a call's answer is read off the wire, and how --debug describes it. */
interface Answer<T> {
  read(wire: StsWire, request: StsRequest): Promise<T>;
  describe(result: T): string;
}

const CREDENTIALS: Answer<Required<AwsCredentials>> = {
  read: (wire, request) => wire.send(request as StsCredentialsRequest),
  describe: (result) => `${maskKey(result.accessKeyId)}, expires ${result.expiration.toISOString()}`,
};

const IDENTITY: Answer<CallerIdentity> = {
  read: (wire, request) => wire.identity(request as StsRequest & { action: "GetCallerIdentity" }),
  describe: (result) => result.arn,
};

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

  async function send<T>(target: StsTarget, { action, call, params, credentials }: Call, answer: Answer<T>) {
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
      const result = await answer.read(await wire, request).catch((error: unknown) => {
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
      trace?.(`sts: ${action} -> ${answer.describe(result)} (${took()})`);
      return result;
    } catch (error) {
      const failure = toStsError(error, { profile: target.profile, call, endpoint: endpoint.display });
      trace?.(`sts: ${action} failed after ${took()}: ${failure.code}`);
      throw failure;
    }
  }

  return {
    getSessionToken: (input: GetSessionTokenInput) =>
      send(
        input,
        {
          action: "GetSessionToken",
          call: "GetSessionToken",
          credentials: input.credentials,
          params: { DurationSeconds: input.durationSeconds, ...mfaParams(input.mfa) },
        },
        CREDENTIALS,
      ),
    assumeRole: (input: AssumeRoleInput) =>
      send(
        input,
        {
          action: "AssumeRole",
          call: `AssumeRole ${input.roleArn}`,
          credentials: input.credentials,
          params: assumeRoleParams(input),
        },
        CREDENTIALS,
      ),
    assumeRoleWithWebIdentity: (input: AssumeRoleWithWebIdentityInput) =>
      send(
        input,
        {
          action: "AssumeRoleWithWebIdentity",
          call: `AssumeRoleWithWebIdentity ${input.roleArn}`,
          params: {
            RoleArn: input.roleArn,
            RoleSessionName: input.roleSessionName,
            DurationSeconds: input.durationSeconds,
            WebIdentityToken: input.webIdentityToken,
          },
        },
        CREDENTIALS,
      ),
    getFederationToken: (input: GetFederationTokenInput) =>
      send(
        input,
        {
          action: "GetFederationToken",
          call: "GetFederationToken",
          credentials: input.credentials,
          params: { Name: input.name, DurationSeconds: input.durationSeconds, Policy: input.policy },
        },
        CREDENTIALS,
      ),
    getCallerIdentity: (input: GetCallerIdentityInput) =>
      send(
        input,
        {
          action: "GetCallerIdentity",
          call: "GetCallerIdentity",
          credentials: input.credentials,
          params: {},
        },
        IDENTITY,
      ),
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
