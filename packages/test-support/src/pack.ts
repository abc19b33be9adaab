import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { tempDir } from "./temp.js";

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

/**
 * Packs every published package, as built (`pnpm test` builds before any test runs), into `dest` with pnpm, which
 * turns `workspace:*` into versions. `pnpm release` packs through each package's prepack instead (packedIn).
 */
export async function packPublished(dest: string): Promise<Packed> {
  const run = promisify(execFile);
  const packed: Partial<Record<PublishedDir, string>> = {};
  // pnpm (like npm) keeps Node's compile cache in TMPDIR on Node 22 and later: a temp dir of the test's own.
  const env = { ...process.env, TMPDIR: tempDir("pack-tmp") };
  for (const dir of Object.keys(PUBLISHED) as PublishedDir[]) {
    const args = ["pack", "--pack-destination", dest, "--json", "--config.ignore-scripts=true"];
    const { stdout } = await run("pnpm", args, {
      cwd: `${ROOT}packages/${dir}`,
      env,
      timeout: 5 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    packed[dir] = (JSON.parse(stdout) as { filename: string }).filename;
  }
  return packed as Packed;
}

/** The tarballs `pnpm pack` made in `dir` (named `<scope>-<name>-<version>.tgz`) of the packages as they are now. */
export function packedIn(dir: string): Packed {
  const entries = (Object.keys(PUBLISHED) as PublishedDir[]).map((name) => {
    const { version } = JSON.parse(readFileSync(`${ROOT}packages/${name}/package.json`, "utf8")) as {
      version: string;
    };
    const file = join(dir, `${PUBLISHED[name].replace("@", "").replace("/", "-")}-${version}.tgz`);
    if (!existsSync(file)) throw new Error(`${file} is missing: pack ${PUBLISHED[name]} first`);
    return [name, file] as const;
  });
  return Object.fromEntries(entries) as Packed;
}
