import type { CredentialProcessHop } from "../chain/types.js";
import { VaultError } from "../errors.js";
import { goField, parseJsonObject } from "../keystore/go-json.js";
import { parseRfc3339 } from "../keystore/rfc3339.js";
import type { EngineDeps } from "./engine-types.js";
import { runHelper } from "./helper-process.js";
import type { AwsCredentials } from "./ports.js";

const REQUIRED = ["Version", "AccessKeyId", "SecretAccessKey"] as const;

/** Runs the hop's credential_process and reads its JSON; errors name the profile, never the output. */
export async function runCredentialProcess(
  hop: CredentialProcessHop,
  deps: EngineDeps,
): Promise<AwsCredentials> {
  const stdout = await runHelper(deps, "credential_process", hop.profile, hop.command);
  return parseCredentialProcessOutput(stdout, hop.profile);
}

/**
 * The AWS credential_process format: Version 1, AccessKeyId and SecretAccessKey required; SessionToken and
 * Expiration optional (long-term keys are allowed). Field names are matched case-insensitively, as aws-vault does.
 */
function parseCredentialProcessOutput(stdout: string, profile: string): AwsCredentials {
  const what = `credential_process of profile '${profile}'`;
  const object = parseJsonObject(stdout);
  if (!object) throw failed(`${what} did not print a JSON object`, profile);
  const missing = REQUIRED.filter((name) => !present(goField(object, name)));
  if (missing.length > 0) throw failed(`${what} printed JSON missing ${missing.join(", ")}`, profile);
  if (goField(object, "Version") !== 1)
    throw failed(`${what} printed an unsupported Version (expected 1)`, profile);
  const accessKeyId = goField(object, "AccessKeyId");
  const secretAccessKey = goField(object, "SecretAccessKey");
  const sessionToken = goField(object, "SessionToken");
  const expirationText = goField(object, "Expiration");
  if (typeof accessKeyId !== "string" || typeof secretAccessKey !== "string") {
    throw failed(`${what} printed AccessKeyId or SecretAccessKey that is not a string`, profile);
  }
  let expiration: Date | undefined;
  if (present(expirationText)) {
    expiration = typeof expirationText === "string" ? parseRfc3339(expirationText) : undefined;
    if (!expiration) throw failed(`${what} printed an Expiration that is not an RFC 3339 time`, profile);
  }
  return {
    accessKeyId,
    secretAccessKey,
    ...(typeof sessionToken === "string" && sessionToken !== "" ? { sessionToken } : {}),
    ...(expiration ? { expiration } : {}),
  };
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

function failed(message: string, profile: string): VaultError {
  return new VaultError("PROCESS_FAILED", message, { profile });
}
