export {
  type DbusBus,
  type DbusCall,
  type KwalletKeystoreOptions,
  kwalletKeystore,
} from "./kwallet-keystore.js";
