export type * from "./chain/types.js";
export type * from "./config/types.js";
export type { SourceLocation, VaultErrorCode, VaultErrorOptions } from "./errors.js";
export { isVaultError, VAULT_ERROR_CODES, VaultError } from "./errors.js";
