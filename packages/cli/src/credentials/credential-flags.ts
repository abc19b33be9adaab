import { parseGoDuration, VaultError } from "@vault-cli/core";
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

/** `--duration` as whole seconds, or a usage error naming the command. */
export function durationFlag(command: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = parseGoDuration(text);
  if (seconds === undefined || seconds < 1) {
    throw usageError(command, `invalid --duration '${text}': use a Go duration such as 1h, 90m or 3600s`);
  }
  return Math.floor(seconds);
}

/** What the shared flags ask of the vault, for `consumer`. */
export function credentialRequest(
  command: string,
  profile: string,
  { values }: CommandInput,
  consumer: CredentialRequest["consumer"],
): CredentialRequest {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const durationSeconds = durationFlag(command, text("duration"));
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
