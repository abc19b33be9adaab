export { WINCRED_MAX_BLOB_BYTES, type WincredKeystoreOptions, wincredKeystore } from "./wincred-keystore.js";
