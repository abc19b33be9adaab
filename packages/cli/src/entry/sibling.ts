// The CLI's sibling bundles (dist/sdk-sts.cjs, sdk-sso.cjs, sdk-iam.cjs, jose.cjs, os-backends.cjs), loaded
// with V8's code cache as main.cjs loads the CLI: a cache miss compiles the 850 KB of the STS client's bundle
// once per vault-cli version, not at every call (docs/performance.md). The build points the import() of each at
// siblingExports (tsup.config.ts).
import { basename, join } from "node:path";
import { VERSION } from "../version.js";
import { codeCacheFile, isHotRun, requireWithCodeCache } from "./code-cache.js";

const loaded = new Map<string, object>();

interface SiblingPlace {
  /** Where the siblings are: the directory of cli.cjs. */
  readonly dir: string;
  /** What decides the code cache (its directory, VAULT_CLI_CODE_CACHE). */
  readonly env: NodeJS.ProcessEnv;
}

/** The exports of <dir>/<file>, loaded once per process; a load that failed is tried again on the next use. */
function requireSibling(file: string, { dir, env }: SiblingPlace): object {
  const path = join(dir, file);
  let exports = loaded.get(path);
  if (exports === undefined) {
    const cache = codeCacheFile(env, process.platform, VERSION, basename(file, ".cjs"));
    exports = requireWithCodeCache(path, cache, isHotRun(process.argv.slice(2))) as object;
    loaded.set(path, exports);
  }
  return exports;
}

/**
 * What the bundle sees as the module of dist/<file>. The bundler keeps a module's first exports even when loading
 * it threw, so these are a view that loads the sibling on first use, and again after a failure: a long-running
 * server whose first STS call met a half-upgraded install works on its next call.
 */
export function siblingExports(
  file: string,
  place: SiblingPlace = { dir: __dirname, env: process.env },
): object {
  const real = () => requireSibling(file, place);
  return new Proxy(
    {},
    {
      get: (_, key) => Reflect.get(real(), key),
      has: (_, key) => Reflect.has(real(), key),
      ownKeys: () => Reflect.ownKeys(real()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}
