export { credentialsLabel, SESSION_DESCRIPTION, sessionLabel } from "./item-labels.js";
export type { KeyringItem, KeyringItemInput } from "./keyring-item.js";
export { decodeKeyringItem, encodeKeyringItem } from "./keyring-item.js";
export type { Keystore, KeystoreSetOptions } from "./keystore.js";
export { maskKey } from "./mask-key.js";
export type { MasterCredentials } from "./master-credentials.js";
export { decodeMasterCredentials, encodeMasterCredentials } from "./master-credentials.js";
export {
  type MigrateEvent,
  type MigrateOptions,
  type MigrateResult,
  migrateKeys,
} from "./migrate-keys.js";
export { formatRfc3339, formatRfc3339Nano, parseRfc3339 } from "./rfc3339.js";
export type { SessionCredentials, SessionMetadata } from "./session-credentials.js";
export { decodeSessionCredentials, encodeSessionCredentials } from "./session-credentials.js";
