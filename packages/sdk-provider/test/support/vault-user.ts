import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeMasterCredentials } from "@vault-cli/core";
import { fileKeystore } from "@vault-cli/keystores/file";

/**
 * A throwaway vault-cli user for fromVault tests against moto: HOME, an AWS config, the file keystore holding
 * `jon`'s long-term keys, an mfa_process script that counts its runs ($MFA in the config), and every AWS
 * endpoint on moto. `env` is complete: pass it to fromVault({ env }) or as a child process's environment.
 */
export interface VaultUser {
  readonly home: string;
  readonly configFile: string;
  readonly env: Record<string, string>;
  mfaRuns(): number;
  remove(): void;
}

export const JON_KEYS = { accessKeyId: "AKIAJONFROMVAULT0001", secretAccessKey: "jon-secret" };

export async function vaultUser(motoUrl: string, config: string): Promise<VaultUser> {
  const home = mkdtempSync(join(tmpdir(), "vault-cli-fromvault-"));
  const configFile = join(home, "config");
  const mfaLog = join(home, "mfa.log");
  const mfaScript = join(home, "mfa.sh");
  writeFileSync(mfaScript, `#!/bin/sh\necho run >> "${mfaLog}"\necho 123456\n`);
  chmodSync(mfaScript, 0o755);
  writeFileSync(configFile, config.replaceAll("$MFA", mfaScript));
  mkdirSync(join(home, "tmp"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    TMPDIR: join(home, "tmp"),
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
    AWS_ENDPOINT_URL: motoUrl,
    AWS_REGION: "us-east-1",
    AWS_VAULT_BACKEND: "file",
    AWS_VAULT_FILE_DIR: join(home, "keys"),
    AWS_VAULT_FILE_PASSPHRASE: "fromvault passphrase",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  const keystore = fileKeystore({
    dir: env.AWS_VAULT_FILE_DIR!,
    passphrase: () => env.AWS_VAULT_FILE_PASSPHRASE!,
  });
  await keystore.set("jon", encodeMasterCredentials(JON_KEYS));
  const mfaRuns = () => {
    try {
      return readFileSync(mfaLog, "utf8").split("\n").filter(Boolean).length;
    } catch {
      return 0;
    }
  };
  return { home, configFile, env, mfaRuns, remove: () => rmSync(home, { recursive: true, force: true }) };
}

/** jon (MFA, with or without mfa_process) and the role `admin` assumed from jon's MFA session. */
export function roleConfig({ mfaProcess }: { mfaProcess: boolean }): string {
  return `
[profile jon]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/jon
${mfaProcess ? "mfa_process = $MFA" : ""}

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/admin
mfa_serial = arn:aws:iam::123456789012:mfa/jon
region = us-east-1
`;
}
