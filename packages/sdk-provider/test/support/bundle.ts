import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "tsup";

const PACKAGE = new URL("../..", import.meta.url).pathname;
const ROOT_TSCONFIG = join(PACKAGE, "..", "..", "tsconfig.json");

/**
 * Builds src/index.ts as ESM for child processes (Node 20 cannot run .ts), into a directory under the
 * package's node_modules so that @aws-sdk/* (kept external, as in the published build) resolves at run time.
 * @vault-cli/core is bundled from source through the root tsconfig paths. Returns the directory.
 */
export async function bundleEntry(label: string): Promise<{ dir: string; remove(): void }> {
  const dir = join(PACKAGE, "node_modules", ".cache", `vault-cli-test-${label}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  await build({
    config: false,
    entry: { index: join(PACKAGE, "src", "index.ts") },
    outDir: dir,
    format: ["esm"],
    platform: "node",
    target: "node20",
    splitting: true,
    external: [/^@aws-sdk\//],
    noExternal: [/^@vault-cli\//],
    tsconfig: ROOT_TSCONFIG,
    silent: true,
    dts: false,
    clean: false,
    outExtension: () => ({ js: ".mjs" }),
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
