import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../../src/io.js";
import { run } from "../../src/run.js";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temp HOME holding `config` as its AWS config file (pointed at by AWS_CONFIG_FILE). */
export function tempConfig(config: string | Buffer): { home: string; configFile: string } {
  const home = mkdtempSync(join(tmpdir(), "vault-cli-test-"));
  const configFile = join(home, "config");
  writeFileSync(configFile, config);
  return { home, configFile };
}

/** Runs the CLI in-process against a config text, with only the env given (never the real one). */
export async function runCli(
  argv: readonly string[],
  options: { config?: string | Buffer; env?: Record<string, string> } = {},
): Promise<CliResult & { configFile: string }> {
  const { home, configFile } = tempConfig(options.config ?? "");
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    env: { AWS_CONFIG_FILE: configFile, ...options.env },
    homedir: home,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  };
  const code = await run(argv, io);
  return { code, stdout, stderr, configFile };
}
