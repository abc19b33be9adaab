// The backends of desktop keystores and the D-Bus client, behind one import() in open-keystore.ts: the CLI's
// bundle keeps this module as a sibling file (dist/os-backends.cjs), so a file, pass or keyctl hit never reads it.
export { connectBus, DBUS_LIMITS } from "./dbus/dbus-connection.js";
export { keychainKeystore } from "./keychain/keychain-keystore.js";
export { kwalletKeystore } from "./kwallet/kwallet-keystore.js";
export { secretServiceKeystore } from "./secret-service/secret-service-keystore.js";
export { wincredKeystore } from "./wincred/wincred-keystore.js";
