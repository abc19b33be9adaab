import type { Env } from "../chain/types.js";
import type { RunProcess } from "../engine/ports.js";
import { VaultError } from "../errors.js";

export interface ProcessRun {
  readonly command: string;
  readonly env?: Env;
}

export interface FakeRunProcess extends RunProcess {
  readonly runs: readonly ProcessRun[];
}

/**
 * Commands to their stdout; an Error is thrown instead (a failed exit), and an unknown command fails
 * like `/bin/sh` would (exit status 127).
 */
export function fakeRunProcess(outputs: Readonly<Record<string, string | Error>>): FakeRunProcess {
  const runs: ProcessRun[] = [];
  const run = (async (command: string, options: { readonly env?: Env }) => {
    runs.push({ command, env: options.env });
    const output = Object.hasOwn(outputs, command) ? outputs[command] : undefined;
    if (output === undefined) throw new VaultError("PROCESS_FAILED", "command exited with status 127");
    if (output instanceof Error) throw output;
    return output;
  }) as FakeRunProcess;
  Object.defineProperty(run, "runs", { value: runs });
  return run;
}
