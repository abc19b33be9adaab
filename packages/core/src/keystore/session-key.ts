import { sessionKeyPrefix } from "../chain/session-key-prefix.js";
import type { SessionType } from "../chain/types.js";
import { base64Decode, utf8Decode } from "./base64.js";

/** A cached-session key, `<type>,<b64url profile>,<b64url serial>,<unix expiry>`, taken apart. */
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

const SESSION_KEY = /^([^,]+),([^,]+),([^,]*),([0-9]+)$/;

/** aws-vault's older session keys; it deletes them on every cache read or write. */
export const LEGACY_SESSION_KEY_PATTERNS: readonly RegExp[] = [
  /^session,([^,]+),([^,]*),([0-9]{2,})$/, // v5
  /^session:([^ ]+):([^ ]*):([^:]+)$/, // v4
  /^(.+?) session \((\d+)\)$/, // v3/v4
];

/** The full key; its start is chain's sessionKeyPrefix, which finds the item whatever its expiry. */
export function formatSessionKey(slot: SessionKeySlot & { readonly expiration: Date }): string {
  const prefix = sessionKeyPrefix(slot.type, slot.profile, slot.serial ?? "");
  return `${prefix}${Math.floor(slot.expiration.getTime() / 1000)}`;
}

/** Undefined when the key is not a current-format session key (aws-vault then calls it a credential). */
export function parseSessionKey(key: string): SessionKey | undefined {
  const m = SESSION_KEY.exec(key);
  if (!m) return undefined;
  const profile = base64Decode(m[2]!, "url-nopad");
  const serial = base64Decode(m[3]!, "url-nopad");
  const expiration = new Date(Number(m[4]) * 1000);
  if (!profile || !serial || Number.isNaN(expiration.getTime())) return undefined;
  return { type: m[1]!, profile: utf8Decode(profile), serial: utf8Decode(serial), expiration };
}

export function isLegacySessionKey(key: string): boolean {
  return LEGACY_SESSION_KEY_PATTERNS.some((pattern) => pattern.test(key));
}
