import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The published packages, by the directory under packages/ they are built from. */
export const PUBLISHED = {
  core: "@vault-cli/core",
  keystores: "@vault-cli/keystores",
  "sdk-provider": "@vault-cli/sdk-provider",
  cli: "vault-cli",
} as const;

export type PublishedDir = keyof typeof PUBLISHED;
export type Packed = Readonly<Record<PublishedDir, string>>;

export interface PackOptions {
  /**
   * Run each package's `prepack` (its build), as `pnpm publish` does: how a release packs an unbuilt clone.
   * Without it the packages are packed as built (`pnpm test` builds before any test runs).
   */
  readonly prepack?: boolean;
}

/** Packs every published package into `dest` with pnpm, which turns `workspace:*` into versions. */
export async function packPublished(dest: string, options: PackOptions = {}): Promise<Packed> {
  const run = promisify(execFile);
  const packed: Partial<Record<PublishedDir, string>> = {};
  for (const dir of Object.keys(PUBLISHED) as PublishedDir[]) {
    const args = ["pack", "--pack-destination", dest, "--json"];
    if (!options.prepack) args.push("--config.ignore-scripts=true");
    const { stdout } = await run("pnpm", args, {
      cwd: `${ROOT}packages/${dir}`,
      timeout: 5 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    // With prepack, the build's own output comes first: the JSON report is the last thing printed.
    const report = JSON.parse(stdout.slice(stdout.lastIndexOf("\n{") + 1)) as { filename: string };
    packed[dir] = report.filename;
  }
  return packed as Packed;
}
