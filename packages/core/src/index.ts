export * from "./chain/index.js";
export type * from "./chain/types.js";
export {
  type CommandTarget,
  commandEnv,
  credentialVariables,
  helperEnv,
  serverCommandEnv,
} from "./child-env.js";
export * from "./config/index.js";
export type * from "./config/types.js";
export {
  type ConsoleEndpoints,
  consoleEndpoints,
  consoleLoginUrl,
  consolePlan,
  FEDERATION_POLICY,
  federatedUserName,
  federationDurationSeconds,
  signinTokenUrl,
} from "./console/console-login.js";
export * from "./engine/index.js";
export type { SourceLocation, VaultErrorCode, VaultErrorOptions } from "./errors.js";
export { isVaultError, VAULT_ERROR_CODES, VaultError } from "./errors.js";
export * from "./keystore/index.js";
export { redactExternal } from "./redact.js";
export { type RotateDeps, type Rotated, type RotateInput, rotateStoredKey } from "./rotate/rotate-key.js";
export * from "./session/index.js";
export {
  awsCliCacheName,
  SHARE_TOKEN_ENV,
  SSO_CLIENT_NAME,
  SSO_SIGN_IN_WAIT_MS,
  SSO_TOKEN_MARGIN_SECONDS,
} from "./sso/sso-sign-in.js";
export {
  decodeAwsCliToken,
  decodeSsoTokenItem,
  encodeAwsCliToken,
  encodeSsoTokenItem,
  SSO_TOKEN_DESCRIPTION,
  type StoredSsoToken,
  ssoTokenLabel,
} from "./sso/sso-token-formats.js";
