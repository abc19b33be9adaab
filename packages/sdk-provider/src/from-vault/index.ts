export { fromVault } from "./from-vault.js";
export type { FromVaultOptions } from "./from-vault-options.js";
