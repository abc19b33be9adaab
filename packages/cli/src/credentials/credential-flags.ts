import { type Env, parseGoDuration, VaultError } from "@vault-cli/core";
import type { CredentialRequest } from "@vault-cli/sdk-provider";
import type { CommandInput, FlagSpec } from "../command.js";
import type { CliIo } from "../io.js";
import { usageError } from "../usage-error.js";

/** The flags exec and export share, as aws-vault spells them. */
export const CREDENTIAL_FLAGS: readonly FlagSpec[] = [
  { name: "duration", short: "d", value: "D", help: "session duration, e.g. 1h, 90m, 3600s" },
  {
    name: "no-session",
    short: "n",
    help: "skip GetSessionToken: long-term keys for a user, AssumeRole straight from them for a role",
  },
  { name: "region", value: "R", help: "region override" },
  { name: "mfa-token", short: "t", value: "T", help: "the MFA code, instead of asking for one" },
];

/**
 * `--duration`, else AWS_VAULT_DURATION (ByteNess), as whole seconds; a bad flag is a usage error, a bad
 * variable a setting error naming it.
 */
export function durationFlag(command: string, text: string | undefined, env: Env): number | undefined {
  const [value, source] =
    text !== undefined ? [text, "--duration"] : [env.AWS_VAULT_DURATION, "AWS_VAULT_DURATION"];
  if (value === undefined || value === "") return undefined;
  const seconds = parseGoDuration(value);
  if (seconds === undefined || seconds < 1) {
    const message = `invalid ${source} '${value}': use a Go duration such as 1h, 90m or 3600s`;
    if (source === "--duration") throw usageError(command, message);
    throw new VaultError("CONFIG_INVALID_SETTING", message, { data: { origin: source } });
  }
  return Math.floor(seconds);
}

/** What the shared flags ask of the vault, for `consumer`. */
export function credentialRequest(
  command: string,
  profile: string,
  { values }: CommandInput,
  consumer: CredentialRequest["consumer"],
  env: Env,
): CredentialRequest {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const durationSeconds = durationFlag(command, text("duration"), env);
  const region = text("region");
  const mfaToken = text("mfa-token");
  return {
    profile,
    consumer,
    ...(durationSeconds ? { durationSeconds } : {}),
    noSession: values["no-session"] === true,
    ...(region ? { region } : {}),
    ...(mfaToken ? { mfaToken } : {}),
  };
}

/** aws-vault refuses to nest: credentials of the outer session would source the inner one. */
export function refuseNesting(io: CliIo, what: string): void {
  if (io.env.AWS_VAULT) {
    throw new VaultError(
      "USAGE",
      `${what} in an existing vault-cli/aws-vault subshell (profile '${io.env.AWS_VAULT}'); 'exit' from the subshell or unset AWS_VAULT to force`,
    );
  }
}

/** The profile positional, else $AWS_PROFILE (ByteNess), else a usage error. */
export function profileArgument(command: string, io: CliIo, positional: string | undefined): string {
  const profile = positional ?? io.env.AWS_PROFILE;
  if (!profile) throw usageError(command, "missing <profile>");
  return profile;
}
