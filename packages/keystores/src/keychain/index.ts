export { type KeychainKeystoreOptions, keychainKeystore } from "./keychain-keystore.js";
