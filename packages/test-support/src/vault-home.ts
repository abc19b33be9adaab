import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeMasterCredentials, type Keystore } from "@vault-cli/core";
import { fileKeystore } from "@vault-cli/keystores/file";
import { type Run, runBuilt, runBuiltAsync } from "./built-cli.js";
import { tempDir } from "./temp.js";

/**
 * A throwaway vault-cli user: HOME, an AWS config, the file keystore with its passphrase, an mfa_process that
 * counts its runs and prints 123456 (`$MFA` in the config), and every AWS endpoint on `endpointUrl` (moto), so
 * nothing reaches AWS. `env` is complete: give it to the built binary, to fromVault({ env }) or to a child.
 * Everything is removed with the test file's temp dirs.
 */
export interface VaultHome {
  readonly home: string;
  readonly configFile: string;
  readonly keysDir: string;
  readonly passphrase: string;
  readonly env: Readonly<Record<string, string>>;
  /** The file keystore, opened directly (to seed keys or sessions, or read them back). */
  keystore(): Keystore;
  /** Stores long-term keys for `profile`, as `vault-cli add` would. */
  storeKeys(profile: string, keys: { accessKeyId: string; secretAccessKey: string }): Promise<void>;
  /** Runs the built binary as this user; `extra` is added to env. */
  vault(args: readonly string[], extra?: Readonly<Record<string, string>>): Run;
  /** Runs it without waiting; `onStderr` sees its stderr as it comes (runBuiltAsync). */
  vaultAsync(
    args: readonly string[],
    extra?: Readonly<Record<string, string>>,
    onStderr?: (stderr: string) => void,
  ): Promise<Run>;
  /** How many times the mfa_process ran. */
  mfaRuns(): number;
}

/** What the counting mfa_process prints. */
export const MFA_CODE = "123456";

export interface VaultHomeOptions {
  readonly passphrase?: string;
  /** Added to the user's environment (AWS_REGION, ...). */
  readonly env?: Readonly<Record<string, string>>;
}

export function vaultHome(endpointUrl: string, config: string, options: VaultHomeOptions = {}): VaultHome {
  const passphrase = options.passphrase ?? "e2e passphrase";
  const home = tempDir("home");
  const configFile = join(home, "config");
  const mfaLog = join(home, "mfa.log");
  const mfaScript = join(home, "mfa.sh");
  writeFileSync(mfaScript, `#!/bin/sh\necho run >> "${mfaLog}"\necho ${MFA_CODE}\n`);
  chmodSync(mfaScript, 0o755);
  writeFileSync(configFile, config.replaceAll("$MFA", mfaScript));
  mkdirSync(join(home, "tmp"));
  const keysDir = join(home, "keys");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    TMPDIR: join(home, "tmp"),
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
    AWS_ENDPOINT_URL: endpointUrl,
    AWS_VAULT_BACKEND: "file",
    AWS_VAULT_FILE_DIR: keysDir,
    AWS_VAULT_FILE_PASSPHRASE: passphrase,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...options.env,
  };
  const keystore = () => fileKeystore({ dir: keysDir, passphrase: () => passphrase });
  return {
    home,
    configFile,
    keysDir,
    passphrase,
    env,
    keystore,
    storeKeys: (profile, keys) => keystore().set(profile, encodeMasterCredentials(keys)),
    vault: (args, extra = {}) => runBuilt(args, { ...env, ...extra }),
    vaultAsync: (args, extra = {}, onStderr) => runBuiltAsync(args, { ...env, ...extra }, onStderr),
    mfaRuns: () => {
      try {
        return readFileSync(mfaLog, "utf8").split("\n").filter(Boolean).length;
      } catch {
        return 0;
      }
    },
  };
}
