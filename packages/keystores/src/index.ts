export {
  agentKeyMaterial,
  agentSocketPath,
  askAgent,
  decodeMaterial,
  encodeMaterial,
  ensureAgentDir,
  type RunningAgent,
  type ServeAgentOptions,
  serveAgent,
} from "./file/agent/index.js";
export type { FileKeyMaterial, FileKeystore, FileKeystoreOptions } from "./file/index.js";
export { DEFAULT_FILE_ITERATIONS, fileKeystore } from "./file/index.js";
export { wipeKeyMaterial } from "./file/key-material.js";
export { ensureDir, writeFileAtomic } from "./fs/atomic-write.js";
export type { KeychainKeystoreOptions } from "./keychain/index.js";
export { keychainKeystore } from "./keychain/index.js";
export type { KeyctlKeystoreOptions, KeyctlScope } from "./keyctl/index.js";
export { keyctlKeystore } from "./keyctl/index.js";
export type { DbusBus, DbusCall, KwalletKeystoreOptions } from "./kwallet/index.js";
export { kwalletKeystore } from "./kwallet/index.js";
export {
  availableBackends,
  BACKENDS,
  type BackendName,
  chooseBackend,
  type DefaultBackend,
  defaultBackend,
  explicitBackend,
  type OpenKeystoreOptions,
  openKeystore,
  unlockFileKeystore,
} from "./open-keystore.js";
export type { PassKeystore, PassKeystoreOptions } from "./pass/index.js";
export { passKeystore } from "./pass/index.js";
export type { SecretServiceKeystore, SecretServiceKeystoreOptions } from "./secret-service/index.js";
export { secretServiceKeystore } from "./secret-service/index.js";
export type { WincredKeystoreOptions } from "./wincred/index.js";
export { WINCRED_MAX_BLOB_BYTES, wincredKeystore } from "./wincred/index.js";
