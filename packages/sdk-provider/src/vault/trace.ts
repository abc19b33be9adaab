import type { Trace } from "@vault-cli/core";

/**
 * The --debug / VAULT_CLI_DEBUG writer: `vault-cli: debug +12ms: <line>` on stderr, the time counted from the
 * first line. Lines come from the vault, engine, STS adapter and lock, which never put a secret in them.
 */
export function stderrTrace(
  write: (text: string) => void,
  now: () => number = () => performance.now(),
): Trace {
  let start: number | undefined;
  return (line) => {
    const at = now();
    start ??= at;
    write(`vault-cli: debug +${Math.round(at - start)}ms: ${line}\n`);
  };
}
