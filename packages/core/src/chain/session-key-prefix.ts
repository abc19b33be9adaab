import { base64Url } from "./base64-url.js";
import type { SessionType } from "./types.js";

/**
 * The start of an aws-vault session item key, `<type>,<b64url profile>,<b64url serial>,`; the full key
 * appends the expiry in Unix seconds. aws-vault finds an item by this prefix, so it must match byte for byte.
 */
export function sessionKeyPrefix(type: SessionType, profile: string, serial: string): string {
  return `${type},${base64Url(profile)},${base64Url(serial)},`;
}
