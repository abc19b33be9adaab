export type { DbusBus, DbusCall } from "../dbus/dbus-connection.js";
export { type KwalletKeystoreOptions, kwalletKeystore } from "./kwallet-keystore.js";
