import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "tsup";

const root = fileURLToPath(new URL("../../../../", import.meta.url));

/**
 * Bundles a TypeScript entry (and the workspace sources it imports) into one .mjs that a child
 * `node` process can run: the fault tests need real separate processes running our code.
 */
export async function bundleForNode(entry: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const outDir = await mkdtemp(join(tmpdir(), "vault-cli-bundle-"));
  await build({
    entry: { [basename(entry, ".ts")]: entry },
    outDir,
    format: ["esm"],
    platform: "node",
    target: "node20",
    noExternal: [/.*/],
    tsconfig: join(root, "tsconfig.json"),
    config: false,
    silent: true,
    dts: false,
    sourcemap: false,
    splitting: false,
    outExtension: () => ({ js: ".mjs" }),
  });
  return {
    path: join(outDir, `${basename(entry, ".ts")}.mjs`),
    remove: () => rm(outDir, { recursive: true, force: true }),
  };
}
