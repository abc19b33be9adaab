export {
  base64UrlField,
  classifyKey,
  formatSessionKey,
  isLegacySessionKey,
  LEGACY_SESSION_KEY_PATTERNS,
  OIDC_TOKEN_KEY_PREFIX,
  parseSessionKey,
  type SessionKey,
  type SessionKeySlot,
  type SessionType,
  sessionKeyPrefix,
} from "./session-key.js";
export { classifyKeys, removeSessionsOf, type StoredKeys } from "./stored-keys.js";
