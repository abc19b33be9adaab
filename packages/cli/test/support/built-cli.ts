import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built binary: these tests exercise what a user runs, so `pnpm build` must come first (pnpm test does it). */
export const MAIN = fileURLToPath(new URL("../../dist/main.cjs", import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run 'pnpm build' before these tests`);
}

/** A temp dir holding a `vault-cli` executable that runs the built CLI, for shells to find on PATH. */
export function binDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "vault-cli-bin-"));
  const bin = join(dir, "vault-cli");
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`);
  chmodSync(bin, 0o755);
  return dir;
}

export function runBuilt(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: env.HOME ?? tmpdir(), ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
