// Recorded fakes of the OS keystores' programs (macOS security, Windows powershell.exe): node scripts in
// this folder, started through a small sh wrapper in a temp dir so a keystore can run them by path. Each
// keeps its store in a JSON file and logs the argv and stdin of every run.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tempDir } from "@vault-cli/test-support";

interface RecordedRun {
  readonly argv: string[];
  readonly stdin: string;
}

export interface FakeOsProgram {
  /** The wrapper's path, to pass as the keystore's command. */
  readonly command: string;
  /** The environment the keystore must pass on (where the fake keeps its state and log). */
  readonly env: Record<string, string>;
  readonly statePath: string;
  runs(): RecordedRun[];
  state<T>(): T;
  setState(state: unknown): void;
}

export function fakeOsProgram(
  script: "fake-security.mjs" | "fake-powershell.mjs",
  name: string,
  prefix: string,
): FakeOsProgram {
  const dir = tempDir(`fake-${prefix}`);
  const command = join(dir, name);
  const source = fileURLToPath(new URL(`./${script}`, import.meta.url));
  writeFileSync(command, `#!/bin/sh\nexec '${process.execPath}' '${source}' "$@"\n`, { mode: 0o755 });
  const statePath = join(dir, "state.json");
  const log = join(dir, "runs.log");
  writeFileSync(log, "");
  const upper = prefix.toUpperCase();
  return {
    command,
    statePath,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      [`FAKE_${upper}_STATE`]: statePath,
      [`FAKE_${upper}_LOG`]: log,
    },
    runs: () =>
      readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RecordedRun),
    state: <T>() => (existsSync(statePath) ? JSON.parse(readFileSync(statePath, "utf8")) : undefined) as T,
    setState: (state) => writeFileSync(statePath, JSON.stringify(state)),
  };
}
