import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "tsup";
import { removeAfterFile, tempDir } from "./temp.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface BundleOptions {
  /** Modules left to resolve at run time (e.g. /^@aws-sdk\//, so a test can watch them load). */
  readonly external?: readonly RegExp[];
  /**
   * Where the bundle goes: default a temp dir. A bundle with externals must live under a package whose
   * node_modules can resolve them (`packages/<name>`).
   */
  readonly under?: string;
}

/**
 * Bundles a TypeScript entry, with the workspace sources it imports, into `<dir>/<name>.mjs` that a child
 * `node` process can run (Node 20 cannot run .ts): the tests of locks, faults and fromVault need real separate
 * processes running our code. The directory is removed with the test file's temp dirs.
 */
export async function bundleForNode(entry: string, options: BundleOptions = {}) {
  const name = basename(entry, ".ts");
  const dir = options.under
    ? removeAfterFile(
        join(ROOT, options.under, "node_modules", ".cache", `vault-cli-test-${name}-${process.pid}`),
      )
    : tempDir("bundle");
  await build({
    entry: { [name]: entry },
    outDir: dir,
    format: ["esm"],
    platform: "node",
    target: "node20",
    noExternal: options.external ? [/^@vault-cli\//] : [/.*/],
    external: [...(options.external ?? [])],
    tsconfig: join(ROOT, "tsconfig.json"),
    config: false,
    silent: true,
    dts: false,
    sourcemap: false,
    splitting: options.external !== undefined,
    clean: false,
    outExtension: () => ({ js: ".mjs" }),
  });
  return { dir, path: join(dir, `${name}.mjs`) };
}
