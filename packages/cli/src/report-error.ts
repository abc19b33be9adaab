import { isVaultError } from "@vault-cli/core";
import { cliHint } from "./hints.js";
import type { CliIo } from "./io.js";

/**
 * Exit statuses: 1 for failures vault-cli reports on purpose (as aws-vault), 2 for usage (and a question
 * that needs a terminal: run it another way), 70 for bugs, 130 (128 + SIGINT, as shells report it) for a
 * prompt left with Ctrl-C.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, internal: 70, interrupted: 130 } as const;

/**
 * The one place errors become text and exit codes: `vault-cli: error: <command>: <message>`, aws-vault's
 * convention, then `vault-cli: hint: ...` when the CLI knows what to do about it. Unexpected errors ask for a
 * report instead of showing a bare stack.
 */
export function reportError(error: unknown, command: string, io: CliIo): number {
  const label = command ? `${command}: ` : "";
  if (isVaultError(error)) {
    const at = error.location && `${error.location.file}:${error.location.line}`;
    const where = at && !error.message.includes(at) ? `${at}: ` : "";
    io.stderr(`vault-cli: error: ${label}${where}${error.message}\n`);
    const hint = cliHint(error);
    if (hint) io.stderr(`vault-cli: hint: ${hint}\n`);
    if (error.code === "USAGE" || error.code === "NO_TERMINAL") return EXIT.usage;
    return error.code === "INTERRUPTED" ? EXIT.interrupted : EXIT.failure;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(
    `vault-cli: internal error: ${label}${error instanceof Error ? error.message : String(error)}\n` +
      `This is a bug in vault-cli; please report it with the details below.\n${detail}\n`,
  );
  return EXIT.internal;
}
