export {
  type ConsoleRequest,
  type CredentialRequest,
  createVault,
  type MigrateRequest,
  type PlanRequest,
  type RotateRequest,
  type RotateResult,
  type Vault,
  type VaultCredentials,
  type VaultDeps,
} from "./create-vault.js";
export { describeLimit, LIMITS, type Limits, limitsFromEnv } from "./limits.js";
export {
  type Consumer,
  minTtlSeconds,
} from "./min-ttl.js";
export { stderrTrace } from "./trace.js";
