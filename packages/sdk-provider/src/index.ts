export {
  DEFAULT_REFRESH_WINDOW_SECONDS,
  type FromVaultOptions,
  fromVault,
} from "./from-vault/index.js";
export { configFilePath } from "./node/config-file-path.js";
export {
  type FileLock,
  type FileLockOptions,
  fileLock,
  type LockRunOptions,
  lockFilePath,
} from "./node/file-lock.js";
export { readConfigFile } from "./node/read-config-file.js";
export { readTextFile } from "./node/read-text-file.js";
export {
  type ShellRunOptions,
  type ShellRunProcess,
  type ShellRunProcessOptions,
  shellRunProcess,
} from "./node/shell-process.js";
export { type LazyStsOptions, lazySts } from "./sts/lazy-sts.js";
export { resolveStsEndpoint, type StsEndpoint } from "./sts/sts-endpoint.js";
export { type StsCallContext, toStsError } from "./sts/sts-error.js";
export type { StsWire, StsWireModule } from "./sts/sts-wire.js";
