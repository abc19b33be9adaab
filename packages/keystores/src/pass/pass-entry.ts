import { posix } from "node:path";

/**
 * `filepath.Join(prefix, key)` as aws-vault builds the entry name: empty parts dropped, then cleaned
 * (so `oidc:https://x/start` becomes `oidc:https:/x/start`, and a `/` in a key makes sub-directories).
 */
/** Why a key cannot be a pass entry here: a `.` or `..` part would leave the prefix folder (or the store). */
export function passEntryProblem(key: string): string | undefined {
  return key.split("/").some((part) => part === "." || part === "..")
    ? "a '.' or '..' in it would reach outside the store's folder"
    : undefined;
}

export function passEntryName(prefix: string, key: string): string {
  const joined = posix.join(...[prefix, key].filter(Boolean));
  return joined.length > 1 && joined.endsWith("/") ? joined.slice(0, -1) : joined;
}
