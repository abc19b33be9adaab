import { type FSWatcher, statSync, watch } from "node:fs";
import { link, lstat, mkdir, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { type Clock, isVaultError, type Lock, type Trace, VaultError } from "@vault-cli/core";
import { isDeadHolder, isOldGarbage, readHolder, removeIfStill } from "./lock-holder.js";

export interface FileLockOptions {
  /** Default defaultLockDir(); a path alone is a private directory the caller chose. */
  readonly dir?: string | LockDir;
  /** How long to wait for another holder; default 120 s (it may be waiting for an MFA code). */
  readonly timeoutMs?: number;
  /** A lock not refreshed for this long is taken over; default 30 s (holders refresh every staleMs / 3). */
  readonly staleMs?: number;
  readonly clock?: Clock;
  /** `--debug`: waits and how long they took. */
  readonly trace?: Trace;
}

/**
 * A cross-process mutex per name: a file link()ed into `dir` (atomic) holding the holder's PID. A lock whose
 * holder is dead (or that was not refreshed for staleMs) is taken over. Waiters wake when the lock file is
 * removed (inotify, through fs.watch), and poll with a growing backoff where no such event comes.
 */
export function fileLock(options: FileLockOptions = {}): Lock {
  const where = options.dir ?? defaultLockDir();
  const { path: dir, shared } = typeof where === "string" ? { path: where, shared: false } : where;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const staleMs = options.staleMs ?? 30_000;
  const clock = options.clock ?? (() => new Date());

  let checked: Promise<void> | undefined;
  const { trace } = options;
  const lock: Lock = async ({ name, label, waitMs, afterWait }, fn) => {
    checked ??= ensurePrivateDir(dir, shared).catch((error: unknown) => {
      checked = undefined;
      throw error;
    });
    await checked;
    const path = lockFilePath(dir, name);
    const nonce = process.getBuiltinModule("node:crypto").randomUUID();
    const started = clock().getTime();
    // A wait the request asks for (another process's SSO sign-in) never shortens the configured one.
    const waitFor = Math.max(timeoutMs, waitMs ?? 0);
    const deadline = started + waitFor;
    let delayMs = 5;
    let waited = false;
    let release: ReleaseWatch | undefined;
    try {
      while (!(await tryCreate(path, nonce))) {
        release ??= watchRelease(path);
        if (!waited)
          trace?.(`lock: waiting for ${label} (held by pid ${(await readHolder(path))?.pid ?? "?"})`);
        waited = true;
        await takeOverIfStale(path, staleMs, clock);
        if (clock().getTime() >= deadline) {
          const seconds = Number((waitFor / 1000).toFixed(1));
          const pid = (await readHolder(path))?.pid;
          throw new VaultError(
            "LOCK_TIMEOUT",
            `timed out after ${seconds}s (VAULT_CLI_LOCK_TIMEOUT) waiting for another vault-cli to finish ${label}` +
              ` (lock file ${path}${pid === undefined ? "" : `, held by pid ${pid}`})`,
            { data: { file: path, ...(pid === undefined ? {} : { pid: String(pid) }) } },
          );
        }
        await release.next(delayMs * (0.75 + Math.random() / 2));
        delayMs = Math.min(delayMs * 1.5, 250);
        // Let go of: what the holder made may be all this caller needs (read without taking the lock).
        if (afterWait && !(await lockExists(path))) {
          const made = await afterWait();
          if (made !== undefined) {
            trace?.(`lock: another process made ${label} after ${clock().getTime() - started}ms; not taken`);
            return made;
          }
        }
      }
    } finally {
      release?.close();
    }
    if (waited) trace?.(`lock: took ${label} after ${clock().getTime() - started}ms`);
    const refresh = setInterval(() => void utimes(path, new Date(), new Date()).catch(() => {}), staleMs / 3);
    refresh.unref();
    try {
      // A waiter that took the lock in the moment it was let go asks too: what the holder made is there.
      const made = waited && afterWait ? await afterWait() : undefined;
      if (made !== undefined) {
        trace?.(
          `lock: another process made ${label} after ${clock().getTime() - started}ms; read under the lock`,
        );
        return made;
      }
      return await fn();
    } finally {
      clearInterval(refresh);
      await removeIfStill(path, nonce);
    }
  };
  return lock;
}

const lockExists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

interface ReleaseWatch {
  /** Resolves at the next change of the lock file (or one since the last call), or after `ms`. */
  next(ms: number): Promise<void>;
  close(): void;
}

/**
 * Wakes a waiter as soon as the holder removes the lock: 20 processes waiting for one STS call then take
 * their turns at once, not at the next poll of a backoff that has grown to 250 ms. Where fs.watch is not
 * available (inotify limits, some network file systems) the backoff alone paces the waiter.
 */
function watchRelease(path: string): ReleaseWatch {
  const name = basename(path);
  let changed = false;
  let wake: (() => void) | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
      if (file !== null && file.toString() !== name) return;
      changed = true;
      wake?.();
    });
    watcher.on("error", () => watcher?.close());
  } catch {
    watcher = undefined;
  }
  return {
    next: (ms) =>
      new Promise<void>((resolve) => {
        if (changed) {
          changed = false;
          return resolve();
        }
        const done = () => {
          clearTimeout(timer);
          wake = undefined;
          changed = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wake = done;
      }),
    close: () => watcher?.close(),
  };
}

/** The lock file for `name` in `dir` (names are hashed: they may hold any character). */
export function lockFilePath(dir: string, name: string): string {
  return join(
    dir,
    `${process.getBuiltinModule("node:crypto").createHash("sha256").update(name).digest("hex").slice(0, 40)}.lock`,
  );
}

/** Where the locks live, and whether other users can write to its parent (then every part of it is checked). */
export interface LockDir {
  readonly path: string;
  readonly shared: boolean;
}

/**
 * The user's runtime directory (`/run/user/<uid>`, private by its specification) when it is there and ours,
 * else `<os.tmpdir()>/vault-cli-<uid>/locks` in the shared temp dir, checked before use. Chosen by uid, not by
 * whether XDG_RUNTIME_DIR happens to be set, so that cron jobs, sudo and IDEs share single flight with a shell.
 */
export function defaultLockDir(runtimeRoot = "/run/user"): LockDir {
  const uid = process.getuid?.();
  const runtime = uid === undefined ? undefined : join(runtimeRoot, String(uid));
  const info = runtime === undefined ? undefined : statIfAny(runtime);
  if (runtime !== undefined && info?.isDirectory() && info.uid === uid) {
    return { path: join(runtime, "vault-cli", "locks"), shared: false };
  }
  return { path: join(tmpdir(), `vault-cli-${uid ?? "user"}`, "locks"), shared: true };
}

/**
 * Creates the lock directory 0700. In the shared tmp dir another user could have made it first (and plant
 * live-looking locks) or put a symlink there: each part is made without following links, then must be a
 * directory of ours with mode 0700. Failures are LOCK_DIR_UNSAFE or LOCK_FAILED naming the directory.
 */
export async function ensurePrivateDir(dir: string, shared: boolean): Promise<void> {
  try {
    if (!shared) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      return;
    }
    for (const path of [dirname(dir), dir]) {
      // mkdir of a path that is a symlink fails with EEXIST: it never creates anything where a link points.
      await mkdir(path, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
      const info = await lstat(path);
      const uid = process.getuid?.();
      if (!info.isDirectory() || (uid !== undefined && info.uid !== uid) || (info.mode & 0o077) !== 0) {
        throw new VaultError(
          "LOCK_DIR_UNSAFE",
          `refusing the lock directory ${path}: it must be a directory of yours with mode 0700 (remove it to start afresh)`,
          { data: { dir: path } },
        );
      }
    }
  } catch (error) {
    if (isVaultError(error)) throw error;
    throw lockFailed(`cannot create the lock directory ${dir}`, error);
  }
}

/** Writes the holder to a temp file, then link()s it into place: atomic, and the lock is never half-written. */
async function tryCreate(path: string, nonce: string): Promise<boolean> {
  const temp = `${path}.${nonce}.tmp`;
  try {
    await writeFile(temp, JSON.stringify({ pid: process.pid, nonce }), { mode: 0o600 });
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw lockFailed(`cannot create the lock file ${path}`, error);
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/** A full disk, a read-only file system, no permission: LOCK_FAILED naming the path and the system's code. */
function lockFailed(what: string, error: unknown): VaultError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new VaultError("LOCK_FAILED", `${what}: ${code}`, { cause: error });
}

function statIfAny(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Removes the lock at `path` if its holder is dead or stale. Removal happens under a short-lived guard
 * (`<path>.takeover`) after re-reading the holder, so two waiters never both delete, one of them a fresh lock.
 */
async function takeOverIfStale(path: string, staleMs: number, clock: Clock): Promise<void> {
  const holder = await readHolder(path);
  const stale =
    holder === undefined
      ? await isOldGarbage(path, staleMs, clock)
      : await isDeadHolder(holder, path, staleMs, clock);
  if (!stale) return;
  const guard = `${path}.takeover`;
  const guardNonce = process.getBuiltinModule("node:crypto").randomUUID();
  if (!(await tryCreate(guard, guardNonce))) {
    // A guard left by a process that died in the middle of a takeover (a window of microseconds).
    const age = clock().getTime() - ((await stat(guard).catch(() => undefined))?.mtimeMs ?? Infinity);
    if (age > 5_000) await unlink(guard).catch(() => {});
    return;
  }
  try {
    if (holder) await removeIfStill(path, holder.nonce);
    else if (await isOldGarbage(path, staleMs, clock)) await unlink(path).catch(() => {});
  } finally {
    await removeIfStill(guard, guardNonce);
  }
}
