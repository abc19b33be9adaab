import { base64Decode, base64Encode, utf8Decode, utf8Encode } from "../keystore/base64.js";

/**
 * Everything about the key of an aws-vault cached-session item, `<type>,<b64url profile>,<b64url serial>,
 * <unix expiry>`: its types, prefix, full form, parsing, the older formats aws-vault deletes, and what a key
 * says about its item. aws-vault finds an item by its prefix, so every byte here must match aws-vault's.
 */

/** The aws-vault session types, the first field of a session key. */
export type SessionType =
  | "sts.GetSessionToken"
  | "sts.AssumeRole"
  | "sts.AssumeRoleWithWebIdentity"
  | "sso.GetRoleCredentials"
  | "credential_process";

/** A cached-session key taken apart. */
export interface SessionKey {
  /** One of the SessionType strings for keys written by aws-vault or vault-cli; any text for foreign ones. */
  readonly type: string;
  readonly profile: string;
  /** The MFA serial (sts.*), the SSO start URL (sso.GetRoleCredentials), or "". */
  readonly serial: string;
  /** Whole seconds, as the key stores them. */
  readonly expiration: Date;
}

export interface SessionKeySlot {
  readonly type: SessionType;
  readonly profile: string;
  readonly serial?: string;
}

/** SSO tokens are stored under `oidc:<start url>`. */
export const OIDC_TOKEN_KEY_PREFIX = "oidc:";

/** Go's `base64.URLEncoding.WithPadding(NoPadding)` of the UTF-8 bytes, as aws-vault encodes key fields. */
export function base64UrlField(text: string): string {
  return base64Encode(utf8Encode(text), "url-nopad");
}

/** The key without its expiry: aws-vault looks an item up by this prefix, whatever its expiry. */
export function sessionKeyPrefix(type: SessionType, profile: string, serial: string): string {
  return `${type},${base64UrlField(profile)},${base64UrlField(serial)},`;
}

export function formatSessionKey(slot: SessionKeySlot & { readonly expiration: Date }): string {
  const prefix = sessionKeyPrefix(slot.type, slot.profile, slot.serial ?? "");
  return `${prefix}${Math.floor(slot.expiration.getTime() / 1000)}`;
}

/** The fields of a session key; profile and serial in Go's unpadded URL base64 (no 4n+1 length is valid). */
const SESSION_KEY = /^([^,]+),([A-Za-z0-9_-]+),([A-Za-z0-9_-]*),([0-9]+)$/;

/**
 * Keys parsed in this process: a listing is classified, cleaned and searched, and each would parse every
 * key again. Bounded, since a long-running process sees new keys every hour.
 */
const parsed = new Map<string, SessionKey | undefined>();

/** Undefined when the key is not a current-format session key (aws-vault then calls it a credential). */
export function parseSessionKey(key: string): SessionKey | undefined {
  if (parsed.has(key)) return parsed.get(key);
  if (parsed.size >= 20_000) parsed.clear();
  const result = readSessionKey(key);
  parsed.set(key, result);
  return result;
}

/**
 * Checks the key's shape; its profile and serial are decoded on first use: a listing of 5,000 items needs the
 * type and expiry of each, and the names of few.
 */
function readSessionKey(key: string): SessionKey | undefined {
  const m = SESSION_KEY.exec(key);
  if (!m || m[2]!.length % 4 === 1 || m[3]!.length % 4 === 1) return undefined;
  const expiration = new Date(Number(m[4]) * 1000);
  if (Number.isNaN(expiration.getTime())) return undefined;
  return new ParsedSessionKey(m[1]!, m[2]!, m[3]!, expiration);
}

/** One object per key, its names decoded once when asked (no closures per key: 5,000 keys are 5,000 objects). */
class ParsedSessionKey implements SessionKey {
  readonly type: string;
  readonly expiration: Date;
  readonly #encodedProfile: string;
  readonly #encodedSerial: string;
  #profile: string | undefined;
  #serial: string | undefined;

  constructor(type: string, encodedProfile: string, encodedSerial: string, expiration: Date) {
    this.type = type;
    this.#encodedProfile = encodedProfile;
    this.#encodedSerial = encodedSerial;
    this.expiration = expiration;
  }

  get profile(): string {
    this.#profile ??= utf8Decode(base64Decode(this.#encodedProfile, "url-nopad")!);
    return this.#profile;
  }

  get serial(): string {
    this.#serial ??= utf8Decode(base64Decode(this.#encodedSerial, "url-nopad")!);
    return this.#serial;
  }
}

/** aws-vault's older session keys; it deletes them on every cache read or write. */
export const LEGACY_SESSION_KEY_PATTERNS: readonly RegExp[] = [
  /^session,([^,]+),([^,]*),([0-9]{2,})$/, // v5
  /^session:([^ ]+):([^ ]*):([^:]+)$/, // v4
  /^(.+?) session \((\d+)\)$/, // v3/v4
];

export function isLegacySessionKey(key: string): boolean {
  // Each pattern starts with "session" or ends with ")": the thousands of other keys in a big keystore skip them.
  if (!key.startsWith("session") && !key.endsWith(")")) return false;
  return LEGACY_SESSION_KEY_PATTERNS.some((pattern) => pattern.test(key));
}

/**
 * What an item is, read from its key alone, as aws-vault's `list` decides: `oidc:` tokens, session
 * keys (current or legacy format), and everything else counts as a profile's long-term credentials.
 */
type KeyKind = "credentials" | "session" | "legacy-session" | "oidc-token";

/** A key's kind, with the session key taken apart when it is one (each key is parsed once). */
export function readKey(
  key: string,
):
  | { readonly kind: Exclude<KeyKind, "session"> }
  | { readonly kind: "session"; readonly session: SessionKey } {
  if (key.startsWith(OIDC_TOKEN_KEY_PREFIX)) return { kind: "oidc-token" };
  // Before the current format: a v5 key `session,<b64>,<b64>,<expiry>` matches both.
  if (isLegacySessionKey(key)) return { kind: "legacy-session" };
  const session = parseSessionKey(key);
  return session ? { kind: "session", session } : { kind: "credentials" };
}

export function classifyKey(key: string): KeyKind {
  return readKey(key).kind;
}
