/**
 * The profile keys aws-vault and vault-cli read (reference/aws-vault.md §3.3), in one place. The credential
 * source keys choose how a profile gets credentials; `[default]` never lends those to other profiles.
 */
export const CREDENTIAL_SOURCE_KEYS: ReadonlySet<string> = new Set([
  "source_profile",
  "role_arn",
  "credential_process",
  "credential_source",
  "web_identity_token_file",
  "web_identity_token_process",
  "sso_session",
  "sso_start_url",
  "sso_region",
  "sso_account_id",
  "sso_role_name",
  "sso_registration_scopes",
  "include_profile",
]);

/** Every key a profile section may hold for aws-vault and vault-cli. */
export const PROFILE_KEYS: ReadonlySet<string> = new Set([
  ...CREDENTIAL_SOURCE_KEYS,
  "region",
  "sts_regional_endpoints",
  "endpoint_url",
  "mfa_serial",
  "mfa_process",
  "role_session_name",
  "external_id",
  "duration_seconds",
  "session_tags",
  "transitive_session_tags",
  "source_identity",
]);
