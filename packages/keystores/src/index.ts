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
export type { KeyctlKeystoreOptions, KeyctlScope } from "./keyctl/index.js";
export { keyctlKeystore } from "./keyctl/index.js";
export {
  availableBackends,
  BACKENDS,
  type BackendName,
  chooseBackend,
  type OpenKeystoreOptions,
  openKeystore,
  unlockFileKeystore,
} from "./open-keystore.js";
export type { PassKeystore, PassKeystoreOptions } from "./pass/index.js";
export { passKeystore } from "./pass/index.js";
