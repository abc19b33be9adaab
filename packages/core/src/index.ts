export { VAULT_ERROR_CODES, VaultError, isVaultError } from "./errors.js";
export type { SourceLocation, VaultErrorCode, VaultErrorOptions } from "./errors.js";
export type * from "./config/types.js";
export type * from "./chain/types.js";
