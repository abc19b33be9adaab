import { posix } from "node:path";

/**
 * `filepath.Join(prefix, key)` as aws-vault builds the entry name: empty parts dropped, then cleaned
 * (so `oidc:https://x/start` becomes `oidc:https:/x/start`, and a `/` in a key makes sub-directories).
 */
export function passEntryName(prefix: string, key: string): string {
  const joined = posix.join(...[prefix, key].filter(Boolean));
  return joined.length > 1 && joined.endsWith("/") ? joined.slice(0, -1) : joined;
}
