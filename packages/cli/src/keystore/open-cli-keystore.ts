import { isVaultError, type Keystore, VaultError } from "@vault-cli/core";
import { defaultBackend } from "@vault-cli/keystores";
import { type GlobalFlags, keystoreEnv } from "../global-flags.js";
import type { CliIo } from "../io.js";

/**
 * The keystore chosen by --backend > AWS_VAULT_BACKEND > platform default, with the flags applied.
 * The file backend asks for its passphrase on the terminal, with aws-vault's words, only when an item
 * is read or written and AWS_VAULT_FILE_PASSPHRASE is unset (listing and removing never ask).
 */
export function openCliKeystore(io: CliIo, globals: GlobalFlags): Promise<Keystore> {
  return io.openKeystore({
    ...(globals.backend ? { backend: globals.backend } : {}),
    env: keystoreEnv(io.env, globals),
    homeDir: io.homedir,
    platform: io.platform,
    promptPassphrase: async (dir) => {
      try {
        return await io.prompt(`Enter passphrase to unlock "${dir}": `, { hidden: true });
      } catch (error) {
        if (!isVaultError(error) || error.code !== "USAGE") throw error;
        throw new VaultError(
          "KEYSTORE_LOCKED",
          `the file keystore '${dir}' needs a passphrase: set AWS_VAULT_FILE_PASSPHRASE or run in a terminal`,
          { cause: error },
        );
      }
    },
  });
}

/** The backend name openCliKeystore would open, for messages when it cannot. */
export function chosenBackend(io: CliIo, globals: GlobalFlags): string {
  return globals.backend || io.env.AWS_VAULT_BACKEND || defaultBackend(io.platform);
}
