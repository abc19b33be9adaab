// Stand-ins for keyctl and pass: small sh scripts in a temp dir that answer as the real program would
// when it fails, so a test can see what the keystore makes of each answer without touching any keyring.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@vault-cli/test-support";

export interface FakeProgram {
  /** The script's path, to pass as the keystore's command. */
  readonly command: string;
  /** The argv of every run so far, one string per run. */
  calls(): string[];
}

/**
 * A program whose first argument picks the shell lines it runs (`*` for the rest); any other first
 * argument fails with exit code 99. Each run's argv is logged for calls().
 */
export function fakeProgram(name: string, answers: Record<string, string>): FakeProgram {
  const dir = tempDir(`fake-${name}`);
  const log = join(dir, "calls");
  const command = join(dir, name);
  const cases = Object.entries(answers).map(([first, lines]) => `  ${first}) ${lines} ;;`);
  const script = [
    "#!/bin/sh",
    `echo "$*" >> '${log}'`,
    'case "$1" in',
    ...cases,
    `  *) echo "unexpected ${name} $1" >&2; exit 99 ;;`,
    "esac",
  ];
  writeFileSync(command, `${script.join("\n")}\n`, { mode: 0o755 });
  writeFileSync(log, "");
  return {
    command,
    calls: () => readFileSync(log, "utf8").split("\n").filter(Boolean),
  };
}

/** Shell lines that print `text` (one line, no single quotes) and succeed. */
export const prints = (text: string) => `printf '%s\\n' '${text}'`;
/** Shell lines that print `message` (no single quotes) on stderr and exit 1. */
export const fails = (message: string) => `printf '%s\\n' '${message}' >&2; exit 1`;
