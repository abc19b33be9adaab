import { parseGoDuration } from "../chain/parse-duration.js";
import type { CredentialPlan, Env } from "../chain/types.js";
import type { AwsCredentials } from "../engine/ports.js";
import { VaultError } from "../errors.js";

/**
 * `login`: the AWS console through the federation endpoint. Role, SSO and web identity credentials are
 * signed in with as they are; long-term keys are turned into a federated user's first (GetFederationToken,
 * which refuses session credentials, so the target itself never uses GetSessionToken, as in aws-vault).
 */

/** The plan `login` runs: the plan of `exec`, without a GetSessionToken as its last hop. */
export function consolePlan(plan: CredentialPlan): CredentialPlan {
  const [source, ...steps] = plan.hops;
  if (steps.at(-1)?.kind !== "GetSessionToken") return plan;
  return { ...plan, hops: [source, ...steps.slice(0, -1)] };
}

/** The federated user may do anything the IAM user may (the session policy only narrows; this one does not). */
export const FEDERATION_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
});

/** GetFederationToken's bounds: 15 minutes to 36 hours. */
const FEDERATION_SECONDS = { min: 900, max: 129_600, default: 3600 } as const;

/** `--duration` > AWS_FEDERATION_TOKEN_TTL > 1h, within what GetFederationToken allows. */
export function federationDurationSeconds(env: Env, flagSeconds: number | undefined): number {
  if (flagSeconds === undefined && !env.AWS_FEDERATION_TOKEN_TTL) return FEDERATION_SECONDS.default;
  const [seconds, origin] =
    flagSeconds !== undefined
      ? [flagSeconds, "--duration"]
      : [parseGoDuration(env.AWS_FEDERATION_TOKEN_TTL ?? ""), "AWS_FEDERATION_TOKEN_TTL"];
  if (seconds === undefined || seconds < FEDERATION_SECONDS.min || seconds > FEDERATION_SECONDS.max) {
    throw new VaultError(
      "CONFIG_INVALID_SETTING",
      `${origin} '${flagSeconds ?? env.AWS_FEDERATION_TOKEN_TTL}' is not a console session length GetFederationToken allows (15m to 36h)`,
      { data: { origin } },
    );
  }
  return Math.floor(seconds);
}

/**
 * The federated user's name: the IAM user's (the last part of its ARN, `root` for the account's root), cut
 * to the 32 characters STS allows.
 */
export function federatedUserName(arn: string): string {
  // The resource part: `user/<path>/<name>`, or `root` (whose last part is itself).
  const name = (arn.split(":")[5] ?? "").split("/").at(-1) ?? "";
  const cleaned = name.replace(/[^\w+=,.@-]/g, "").slice(0, 32);
  return cleaned.length >= 2 ? cleaned : "vault-cli";
}

/** Where `login` signs in, and where the console opens. */
export interface ConsoleEndpoints {
  /** The federation endpoint (getSigninToken and login). */
  readonly federation: string;
  /** The console page the sign-in lands on. */
  readonly destination: string;
}

/**
 * The partition's federation endpoint and console, from the region: aws-cn for cn-*, aws-us-gov for us-gov-*,
 * else aws. With a region the console opens in it (`--path` picks the page, e.g. `s3/home`); `federation`
 * replaces the endpoint (VAULT_CLI_FEDERATION_ENDPOINT: a local fake in tests, a VPC endpoint).
 */
export function consoleEndpoints(
  region: string | undefined,
  path: string | undefined,
  federation?: string,
): ConsoleEndpoints {
  const [signin, consoleHost] = region?.startsWith("cn-")
    ? ["signin.amazonaws.cn", "console.amazonaws.cn"]
    : region?.startsWith("us-gov-")
      ? ["signin.amazonaws-us-gov.com", "console.amazonaws-us-gov.com"]
      : ["signin.aws.amazon.com", "console.aws.amazon.com"];
  const page = (path ?? "console/home").replace(/^\/+/, "");
  const destination = region
    ? `https://${region}.${consoleHost}/${page}?region=${encodeURIComponent(region)}`
    : `https://${consoleHost}/${path === undefined ? "" : page}`;
  return { federation: federation ?? `https://${signin}/federation`, destination };
}

/** The getSigninToken request: the credentials go in the query, as the federation endpoint requires. */
export function signinTokenUrl(federation: string, credentials: AwsCredentials): string {
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken ?? "",
  });
  return `${federation}?Action=getSigninToken&Session=${encodeURIComponent(session)}`;
}

/** The URL that signs the browser in (valid 15 minutes, once). */
export function consoleLoginUrl(endpoints: ConsoleEndpoints, signinToken: string): string {
  const query = [
    "Action=login",
    "Issuer=vault-cli",
    `Destination=${encodeURIComponent(endpoints.destination)}`,
    `SigninToken=${encodeURIComponent(signinToken)}`,
  ].join("&");
  return `${endpoints.federation}?${query}`;
}
