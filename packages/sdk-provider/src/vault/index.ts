export {
  type CredentialRequest,
  createVault,
  type PlanRequest,
  type Vault,
  type VaultCredentials,
  type VaultDeps,
} from "./create-vault.js";
export {
  type Consumer,
  CREDENTIAL_PROCESS_MIN_TTL_SECONDS,
  DEFAULT_REFRESH_WINDOW_SECONDS,
  minTtlSeconds,
} from "./min-ttl.js";
export { stderrTrace } from "./trace.js";
