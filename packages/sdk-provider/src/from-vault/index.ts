export { fromVault } from "./from-vault.js";
export { DEFAULT_REFRESH_WINDOW_SECONDS, type FromVaultOptions } from "./from-vault-options.js";
