// The CLI's sibling bundles (dist/sdk-sts.cjs, sdk-sso.cjs, sdk-iam.cjs, jose.cjs, os-backends.cjs), loaded
// with V8's code cache as main.cjs loads the CLI: a cache miss compiles the 830 KB of the STS client's bundle
// once per vault-cli version, not at every call (docs/performance.md). The build points the import() of
// each at requireSibling (tsup.config.ts).
import { basename, join } from "node:path";
import { VERSION } from "../version.js";
import { codeCacheFile, requireWithCodeCache } from "./code-cache.js";

const loaded = new Map<string, unknown>();

/** The exports of dist/<file>, loaded once per process. */
export function requireSibling(file: string): unknown {
  if (!loaded.has(file)) {
    const cache = codeCacheFile(process.env, process.platform, VERSION, basename(file, ".cjs"));
    loaded.set(file, requireWithCodeCache(join(__dirname, file), cache));
  }
  return loaded.get(file);
}
