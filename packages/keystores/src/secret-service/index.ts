export {
  type SecretServiceKeystore,
  type SecretServiceKeystoreOptions,
  secretServiceKeystore,
} from "./secret-service-keystore.js";
