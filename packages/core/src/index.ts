export * from "./chain/index.js";
export type * from "./chain/types.js";
export * from "./config/index.js";
export type * from "./config/types.js";
export * from "./engine/index.js";
export type { SourceLocation, VaultErrorCode, VaultErrorOptions } from "./errors.js";
export { isVaultError, VAULT_ERROR_CODES, VaultError } from "./errors.js";
export * from "./keystore/index.js";
