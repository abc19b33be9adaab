import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DefaultBackend } from "@vault-cli/keystores";
import type { CliIo } from "../io.js";

/**
 * The one-line notice for a keystore the platform default chose, printed once: the choice is remembered in
 * $XDG_STATE_HOME/vault-cli/default-backend (default ~/.local/state), and said again only when it changes.
 */
export function defaultBackendNotice(
  io: Pick<CliIo, "env" | "homedir" | "stderr">,
): (choice: DefaultBackend) => void {
  return ({ backend, reason }) => {
    const stateDir = join(io.env.XDG_STATE_HOME || join(io.homedir, ".local", "state"), "vault-cli");
    const marker = join(stateDir, "default-backend");
    const said = `${backend}\n${reason}\n`;
    try {
      if (readFileSync(marker, "utf8") === said) return;
    } catch {
      // never said
    }
    io.stderr(
      `vault-cli: using the ${backend} keystore: ${reason} (choose one with --backend or AWS_VAULT_BACKEND)\n`,
    );
    try {
      mkdirSync(stateDir, { recursive: true, mode: 0o700 });
      const temp = `${marker}.${process.pid}.tmp`;
      writeFileSync(temp, said, { mode: 0o600 });
      renameSync(temp, marker);
    } catch {
      // a read-only home: the notice is said again next time, nothing else changes
    }
  };
}
