export { passEntryName } from "./pass-entry.js";
export { type PassKeystore, type PassKeystoreOptions, passKeystore } from "./pass-keystore.js";
