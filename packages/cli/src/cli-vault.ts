import { isVaultError, VaultError } from "@vault-cli/core";
import { createVault, stderrTrace, type Vault } from "@vault-cli/sdk-provider";
import { type GlobalFlags, keystoreOverrides } from "./global-flags.js";
import type { CliIo } from "./io.js";
import { defaultBackendNotice } from "./keystore/default-backend-notice.js";
import { mfaPrompt } from "./mfa/mfa-prompt.js";
import { cliSsoLogin } from "./sso/sso-login.js";

/**
 * The vault a command works with: the global flags applied over the environment, prompts on the terminal
 * (or the --prompt driver for MFA codes), and --debug's trace on stderr.
 */
export function cliVault(io: CliIo, globals: GlobalFlags): Vault {
  return createVault({
    env: io.env,
    keystoreEnv: keystoreOverrides(globals),
    homeDir: io.homedir,
    platform: io.platform,
    clock: io.now,
    ...(globals.backend ? { backend: globals.backend } : {}),
    promptPassphrase: (dir) => askPassphrase(io, dir),
    onDefaultBackend: defaultBackendNotice(io),
    mfaPrompt: mfaPrompt(globals.prompt, io.prompt, io.env),
    ssoLogin: cliSsoLogin(io, globals.noBrowser === true),
    ...(globals.debug ? { trace: stderrTrace(io.stderr) } : {}),
    warn: (message) => io.stderr(`vault-cli: warning: ${message}\n`),
    ...io.vaultDeps,
  });
}

/**
 * The file backend's passphrase, asked with aws-vault's words only when an item is read or written and
 * AWS_VAULT_FILE_PASSPHRASE is unset (listing and removing never ask). Without a terminal it is required.
 */
async function askPassphrase(io: CliIo, dir: string): Promise<string> {
  try {
    return await io.prompt(`Enter passphrase to unlock "${dir}": `, { hidden: true, purpose: "passphrase" });
  } catch (error) {
    if (!isVaultError(error) || error.code !== "NO_TERMINAL") throw error;
    throw new VaultError("PASSPHRASE_REQUIRED", `the file keystore '${dir}' needs a passphrase`, {
      cause: error,
      data: { dir },
    });
  }
}
