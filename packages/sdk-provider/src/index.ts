export { type FromVaultOptions, fromVault } from "./from-vault/index.js";
export { awsCliTokenCache, awsCliTokenPath } from "./node/aws-cli-token-cache.js";
export { addProfileSection } from "./node/aws-config-file.js";
export { type FileLockOptions, fileLock, lockFilePath } from "./node/file-lock.js";
export { readTextFile } from "./node/read-text-file.js";
export { type ShellRunProcessOptions, shellRunProcess } from "./node/shell-process.js";
export { type LazySsoOptions, lazySso, resolveSsoEndpoint } from "./sso/lazy-sso.js";
export { describeSignIn, stderrSsoLogin } from "./sso/sso-login-prompt.js";
export { type LazyStsOptions, lazySts } from "./sts/lazy-sts.js";
export { resolveStsEndpoint, type StsEndpoint } from "./sts/sts-endpoint.js";
export {
  type ConsoleRequest,
  type Consumer,
  type CredentialRequest,
  createVault,
  describeLimit,
  LIMITS,
  type Limits,
  limitsFromEnv,
  type MigrateRequest,
  minTtlSeconds,
  type PlanRequest,
  type RotateRequest,
  type RotateResult,
  stderrTrace,
  type Vault,
  type VaultCredentials,
  type VaultDeps,
} from "./vault/index.js";
