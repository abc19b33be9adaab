import { type Env, type MasterCredentials, VaultError } from "@vault-cli/core";
import type { CliIo } from "../io.js";

/** The keys for `add`: from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (`--env`) or asked on the terminal. */
export async function readNewCredentials(io: CliIo, fromEnv: boolean): Promise<MasterCredentials> {
  if (fromEnv) {
    return {
      accessKeyId: required(io.env, "AWS_ACCESS_KEY_ID"),
      secretAccessKey: required(io.env, "AWS_SECRET_ACCESS_KEY"),
    };
  }
  const accessKeyId = await io.prompt("Enter Access Key ID: ", { hidden: false, purpose: "credentials" });
  if (accessKeyId === "") throw new VaultError("CREDENTIALS_MISSING", "no Access Key ID was entered");
  const secretAccessKey = await io.prompt("Enter Secret Access Key: ", {
    hidden: true,
    purpose: "credentials",
  });
  if (secretAccessKey === "") throw new VaultError("CREDENTIALS_MISSING", "no Secret Access Key was entered");
  return { accessKeyId, secretAccessKey };
}

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new VaultError("CREDENTIALS_MISSING", `Missing value for ${name}`);
  return value;
}
