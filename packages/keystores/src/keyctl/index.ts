export { KEYCTL_MAX_VALUE_BYTES, type KeyctlKeystoreOptions, keyctlKeystore } from "./keyctl-keystore.js";
export type { KeyctlScope } from "./keyctl-scope.js";
