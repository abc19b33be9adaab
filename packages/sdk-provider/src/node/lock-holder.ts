import { readFileSync } from "node:fs";
import { readFile, stat, unlink } from "node:fs/promises";
import type { Clock } from "@vault-cli/core";

/** What a lock file records about its holder. */
interface LockHolder {
  readonly pid: number;
  readonly nonce: string;
}

/** The holder recorded in `path`; undefined when the file is gone or half-written (its writer is mid-create). */
export async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as Partial<LockHolder>;
    return typeof parsed.pid === "number" && typeof parsed.nonce === "string"
      ? { pid: parsed.pid, nonce: parsed.nonce }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The holder's process is gone (kill(pid, 0) says ESRCH), or the file was not refreshed for staleMs while the
 * process is stopped (SIGSTOP, a debugger: it cannot refresh, and it could hold the lock for ever), or not for ten
 * times that while it runs, so a holder whose refresh timer was merely held up (a busy event loop) keeps its lock,
 * while a reused PID still cannot block everyone for ever.
 */
export async function isDeadHolder(holder: LockHolder, path: string, staleMs: number, clock: Clock) {
  if (!isAlive(holder.pid)) return true;
  const mtimeMs = (await stat(path).catch(() => undefined))?.mtimeMs;
  if (mtimeMs === undefined) return false;
  const factor = isStopped(holder.pid) ? 1 : LIVE_HOLDER_FACTOR;
  return clock().getTime() - mtimeMs > factor * staleMs;
}

const LIVE_HOLDER_FACTOR = 10;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** Linux: the state field of /proc/<pid>/stat is T (stopped) or t (traced). Elsewhere: not known, so no. */
function isStopped(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return /^[Tt]$/.test(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3));
  } catch {
    return false;
  }
}

/**
 * A lock file that records no holder (empty, or not ours: vault-cli's own are never half-written) and was not
 * touched for staleMs: it is taken over like a dead holder's, instead of blocking every caller for ever.
 */
export async function isOldGarbage(path: string, staleMs: number, clock: Clock): Promise<boolean> {
  if ((await readHolder(path)) !== undefined) return false;
  const mtimeMs = (await stat(path).catch(() => undefined))?.mtimeMs;
  return mtimeMs !== undefined && clock().getTime() - mtimeMs > staleMs;
}

/** Deletes `path` only if it still records `nonce` (never a lock someone else has taken since). */
export async function removeIfStill(path: string, nonce: string): Promise<void> {
  if ((await readHolder(path))?.nonce !== nonce) return;
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}
