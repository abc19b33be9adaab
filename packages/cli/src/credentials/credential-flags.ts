import { parseGoDuration, VaultError } from "@vault-cli/core";
import type { CliIo } from "../io.js";
import { usageError } from "../usage-error.js";
import type { CredentialRequest } from "./obtain-credentials.js";

/** The flags exec and export share, as aws-vault spells them. */
export const CREDENTIAL_FLAGS = {
  duration: { type: "string", short: "d" },
  "no-session": { type: "boolean", short: "n" },
  region: { type: "string" },
  "mfa-token": { type: "string", short: "t" },
  prompt: { type: "string" },
} as const;

export const CREDENTIAL_VALUE_FLAGS = ["--duration", "-d", "--region", "--mfa-token", "-t", "--prompt"];

type Values = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

export function credentialRequest(command: string, profile: string, values: Values): CredentialRequest {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const duration = text("duration");
  let durationSeconds: number | undefined;
  if (duration !== undefined) {
    const seconds = parseGoDuration(duration);
    if (seconds === undefined || seconds < 1) {
      throw usageError(
        command,
        `invalid --duration '${duration}': use a Go duration such as 1h, 90m or 3600s`,
      );
    }
    durationSeconds = Math.floor(seconds);
  }
  return {
    profile,
    ...(durationSeconds ? { durationSeconds } : {}),
    noSession: values["no-session"] === true,
    ...(text("region") ? { region: text("region") } : {}),
    ...(text("mfa-token") ? { mfaToken: text("mfa-token") } : {}),
    ...(text("prompt") ? { prompt: text("prompt") } : {}),
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
