// The `vault-cli` executable: as little as possible before the CLI itself. `--version` is answered here, and
// the CLI (dist/cli.cjs) is loaded with V8's code cache, so a credential_process call does not compile
// the CLI again each time it runs (docs/performance.md).
import { join } from "node:path";
import { codeCacheFile, isHotRun, requireWithCodeCache } from "./entry/code-cache.js";
import { writeStd } from "./entry/write-std.js";
import { VERSION } from "./version.js";

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v" || argv[0] === "version")) {
  writeStd(1, `${VERSION}\n`);
} else {
  const cache = codeCacheFile(process.env, process.platform, VERSION);
  requireWithCodeCache(join(__dirname, "cli.cjs"), cache, isHotRun(argv));
}
