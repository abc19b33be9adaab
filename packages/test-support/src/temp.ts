import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

/**
 * A fresh directory under the OS temp dir, removed after the test file (setup.ts registers the removal for
 * every file; each file has its own module state). Tests never call mkdtemp themselves.
 */
export function tempDir(prefix = "test"): string {
  const dir = mkdtempSync(join(tmpdir(), `vault-cli-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Removes `dir` with the temp dirs, for directories a test has to make elsewhere. */
export function removeAfterFile(dir: string): string {
  made.push(dir);
  return dir;
}

/** Removes every directory tempDir() made (or removeAfterFile() was given) in this file so far. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
