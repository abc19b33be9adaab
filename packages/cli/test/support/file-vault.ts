import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileKeystore } from "@vault-cli/keystores";
import { tempDir } from "@vault-cli/test-support";

/** A file-backend keys directory in a temp dir, with the env that selects it and its passphrase. */
export function fileVault(passphrase = "correct horse") {
  const root = tempDir("keys");
  const dir = join(root, "keys");
  return {
    dir,
    env: { AWS_VAULT_BACKEND: "file", AWS_VAULT_FILE_DIR: dir, AWS_VAULT_FILE_PASSPHRASE: passphrase },
    /** The same directory opened directly, to seed items or read them back. */
    keystore: () => fileKeystore({ dir, passphrase: () => passphrase }),
    /** Every file name and its bytes, to show a directory is unchanged. */
    snapshot: (): Record<string, string> => {
      try {
        const names = readdirSync(dir).sort();
        return Object.fromEntries(names.map((n) => [n, readFileSync(join(dir, n), "latin1")]));
      } catch {
        return {};
      }
    },
  };
}
