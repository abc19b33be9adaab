import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAIN } from "../support/built-cli.js";

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A throwaway user for end-to-end runs of the built binary against moto: HOME, an AWS config, the file
 * keystore, an mfa_process that counts its runs, and every AWS endpoint on moto (nothing reaches AWS).
 */
export function vaultHome(motoUrl: string, config: string) {
  const home = mkdtempSync(join(tmpdir(), "vault-cli-e2e-"));
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
    AWS_VAULT_BACKEND: "file",
    AWS_VAULT_FILE_DIR: join(home, "keys"),
    AWS_VAULT_FILE_PASSPHRASE: "e2e passphrase",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  const vault = (args: string[], extra: Record<string, string> = {}): Run => {
    const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8", env: { ...env, ...extra } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const vaultAsync = (args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [MAIN, ...args], { env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  const mfaRuns = () => {
    try {
      return readFileSync(mfaLog, "utf8").split("\n").filter(Boolean).length;
    } catch {
      return 0;
    }
  };
  return { home, configFile, env, vault, vaultAsync, mfaRuns };
}
