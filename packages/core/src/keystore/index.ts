export type { KeyKind } from "./classify-key.js";
export { classifyKey, OIDC_TOKEN_KEY_PREFIX } from "./classify-key.js";
export { credentialsLabel, SESSION_DESCRIPTION, sessionLabel } from "./item-labels.js";
export type { KeyringItem, KeyringItemInput } from "./keyring-item.js";
export { decodeKeyringItem, encodeKeyringItem } from "./keyring-item.js";
export type { Keystore, KeystoreSetOptions } from "./keystore.js";
export { maskKey } from "./mask-key.js";
export type { MasterCredentials } from "./master-credentials.js";
export { decodeMasterCredentials, encodeMasterCredentials } from "./master-credentials.js";
export { formatRfc3339, formatRfc3339Nano, parseRfc3339 } from "./rfc3339.js";
export type { SessionCredentials, SessionMetadata } from "./session-credentials.js";
export { decodeSessionCredentials, encodeSessionCredentials } from "./session-credentials.js";
export type { SessionKey, SessionKeySlot } from "./session-key.js";
export {
  formatSessionKey,
  isLegacySessionKey,
  LEGACY_SESSION_KEY_PATTERNS,
  parseSessionKey,
} from "./session-key.js";
