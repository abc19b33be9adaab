import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export type BotocoreValue = string | Record<string, string>;
export type BotocoreSections = Record<string, Record<string, BotocoreValue>>;
type BotocoreRun = { readonly ok: BotocoreSections } | { readonly error: string };

export interface BotocoreResult {
  /** `raw_config_parse` as the AWS CLI runs it. */
  readonly raw: BotocoreRun;
  /** The same with configparser's inline comments on: vault-cli's documented reading of ` #`/` ;`. */
  readonly stripped: BotocoreRun;
  /** Keys of [DEFAULT], which botocore copies into every section. */
  readonly defaults: readonly string[];
  /** Keys written in each section itself. */
  readonly own: Readonly<Record<string, readonly string[]>>;
}

const SCRIPT = fileURLToPath(new URL("./botocore-parse.py", import.meta.url));

/**
 * Runs botocore on every text in one Python process (starting Python costs ~300 ms). Uses `python3` from PATH,
 * which must have botocore; a missing interpreter fails the test rather than skipping it.
 */
export function parseWithBotocore(texts: readonly string[]): BotocoreResult[] {
  const run = spawnSync("python3", [SCRIPT], {
    input: JSON.stringify(texts),
    encoding: "utf8",
    env: { ...process.env, PYTHONUTF8: "1" },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) {
    throw new Error(`botocore-parse.py failed (status ${run.status}): ${run.error ?? run.stderr}`);
  }
  const results = JSON.parse(run.stdout) as BotocoreResult[];
  if (results.length !== texts.length)
    throw new Error(`botocore-parse.py returned ${results.length} results`);
  return results;
}
