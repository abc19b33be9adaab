// V8's code cache for the CLI bundle: the bytecode V8 compiled in one run, saved in the user's cache
// directory and handed back to V8 in the next, so a run skips most of the compiling (about 5 ms of a
// 40 ms cache hit). Node 22's module.enableCompileCache() does the same for every module, but not on Node
// 20, and by default in the temp directory; this is one mechanism on every supported Node.
//
// The cache is advisory: V8 checks it against the source and its own version and flags and ignores one that
// does not fit (we then write a new one); a file we cannot read or write just means compiling as usual.
// Since bytecode is code, a cache file is used only when it is the user's own and nobody else can write it.
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import Module from "node:module";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where the code cache of this version lives, or undefined when it is off (VAULT_CLI_CODE_CACHE=0) or there
 * is no home: $XDG_CACHE_HOME/vault-cli (else ~/.cache/vault-cli), ~/Library/Caches/vault-cli on macOS,
 * %LOCALAPPDATA%\vault-cli on Windows. One file per bundle (the CLI's, or the sibling `bundle`), vault-cli
 * version, V8 version and architecture.
 */
export function codeCacheFile(
  env: Env,
  platform: NodeJS.Platform,
  version: string,
  bundle?: string,
): string | undefined {
  const setting = env.VAULT_CLI_CODE_CACHE;
  if (setting === "0" || setting === "off" || setting === "false") return undefined;
  const home = env.HOME || env.USERPROFILE;
  let dir: string | undefined;
  if (platform === "win32") dir = env.LOCALAPPDATA ? join(env.LOCALAPPDATA, "vault-cli") : undefined;
  else if (platform === "darwin") dir = home ? join(home, "Library", "Caches", "vault-cli") : undefined;
  else if (env.XDG_CACHE_HOME?.startsWith("/")) dir = join(env.XDG_CACHE_HOME, "vault-cli");
  else dir = home ? join(home, ".cache", "vault-cli") : undefined;
  if (!dir) return undefined;
  // A sibling's name comes first: the CLI's cache, cleaning up after its earlier builds, never matches it.
  const name = bundle === undefined ? "code" : `code-${bundle}`;
  return join(dir, `${name}-${version}-v8-${process.versions.v8}-${process.arch}.bin`);
}

/**
 * The last byte of a cache file: how many runs of the hot path (`export`, `exec`) wrote it. The cache holds the
 * functions of the runs that wrote it: one written by `add` would leave every cache hit compiling its own (about
 * 2 ms), and one written by an export's miss lacks the functions only a hit runs. So the first two hot runs
 * (usually the miss and the first hit) write it again, each adding what it compiled; then it is left alone.
 */
const HOT_WRITES = 2;

/** Whether this run is the hot path the caches should hold (a cache policy only: nothing else depends on it). */
export function isHotRun(argv: readonly string[]): boolean {
  return argv.includes("export") || argv.includes("exec");
}

/**
 * require(file) for a CommonJS bundle, compiled with the code cache in cacheFile (plain require without); its
 * exports. `hot`: this run is the path the cache should hold.
 */
export function requireWithCodeCache(file: string, cacheFile: string | undefined, hot: boolean): unknown {
  // cacheFile names the version; the path used adds the bundle's size and time.
  if (cacheFile === undefined) return require(file);
  // V8 checks a cache against the source's length, not its content: the file's size and time go into the name,
  // so a rebuilt CLI of the same version never runs the bytecode of the one before.
  const { size, mtimeMs } = statSync(file);
  const cachePath = cacheFile.replace(/\.bin$/, `-${size}-${Math.trunc(mtimeMs)}.bin`);
  const stored = readOwnFile(cachePath);
  // V8's data first (a buffer at offset 0, which V8 takes without copying it), the count last.
  const cached = stored !== undefined && stored.length > 1 ? stored.subarray(0, -1) : undefined;
  const hotWrites = cached === undefined ? 0 : stored!.at(-1)!;
  const source = readFileSync(file, "utf8").replace(/^#!.*/, "");
  const script = new Script(Module.wrap(source), {
    filename: file,
    ...(cached ? { cachedData: cached } : {}),
  });
  const fresh = cached === undefined || script.cachedDataRejected === true;
  if (fresh || (hot && hotWrites < HOT_WRITES)) {
    // At exit, so the cache holds the functions this run compiled too (and those it was given), not only the
    // top level.
    const count = hot ? (fresh ? 1 : hotWrites + 1) : 0;
    process.once("exit", () => writeCache(cachePath, script, count, replaced(cacheFile)));
  }
  const module = new Module(file, undefined);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    dirname(file),
  );
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** A cache file larger than this is not one of ours (the STS client's, the largest, is under 1 MiB): it is replaced. */
const MAX_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * The file's bytes when it is a regular file (not a link) of at most MAX_CACHE_BYTES, of this user, that no one
 * else may write, in a directory of this user that no one else may write; else undefined.
 */
function readOwnFile(path: string): Buffer | undefined {
  try {
    const uid = process.getuid?.();
    // Windows has no uid and reports every writable file as 0o666: there the directory's place decides
    // (%LOCALAPPDATA%, the user's own profile), and only the file's kind and size are checked.
    const own = (stat: Stats) => uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0);
    const file = lstatSync(path);
    if (!file.isFile() || file.size > MAX_CACHE_BYTES || !own(file) || !own(statSync(dirname(path)))) {
      return undefined;
    }
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Which other files a new cache of this bundle replaces: its caches of earlier builds and of other vault-cli
 * versions, for the same V8 and architecture (a user switching between Node versions keeps one for each). The
 * bundle's name comes before the version, which starts with a digit, so no bundle's name matches another's.
 */
function replaced(cacheFile: string): RegExp {
  const tail = `-v8-${process.versions.v8}-${process.arch}`;
  const base = basename(cacheFile, ".bin");
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const owner = /^code-(?:[a-z][a-z0-9-]*?-)?(?=\d)/.exec(base)?.[0];
  // A version that does not start with a digit: its own earlier builds only.
  if (owner === undefined) return new RegExp(`^${literal(base)}-\\d+-\\d+\\.bin$`);
  return new RegExp(`^${literal(owner)}\\d.*${literal(tail)}-\\d+-\\d+\\.bin$`);
}

/** Writes the cache (temp file, then rename), and removes the files it replaces. */
function writeCache(cacheFile: string, script: Script, hotWrites: number, replaces: RegExp): void {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
    writeFileSync(temp, Buffer.concat([script.createCachedData(), Buffer.of(hotWrites)]), { mode: 0o600 });
    renameSync(temp, cacheFile);
    for (const name of readdirSync(dirname(cacheFile))) {
      if (replaces.test(name) && name !== basename(cacheFile)) {
        unlinkSync(join(dirname(cacheFile), name));
      }
    }
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // nothing was written
    }
  }
}
