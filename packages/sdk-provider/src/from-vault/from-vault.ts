import type { AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { DEFAULT_REFRESH_WINDOW_SECONDS } from "../vault/min-ttl.js";
import { toCredentialsProviderError } from "./credentials-provider-error.js";
import type { FromVaultOptions } from "./from-vault-options.js";
import { memoFor, provide } from "./vault-memo.js";

/**
 * An AWS SDK v3 credential provider for `profile` that shares vault-cli's keystore session cache: the
 * sessions `vault-cli exec` made are reused, every client in the process shares one memo, and a cold
 * cache costs one STS call and one MFA code however many clients and processes ask at once.
 *
 * Errors are CredentialsProviderErrors with tryNextLink false and the VaultError as `cause`.
 */
export function fromVault(profile: string, options: FromVaultOptions = {}): AwsCredentialIdentityProvider {
  const env = options.env ?? process.env;
  const memo = memoFor(profile, options, env);
  const refreshWindowSeconds = options.refreshWindowSeconds ?? DEFAULT_REFRESH_WINDOW_SECONDS;
  const request = { profile, options, env, refreshWindowSeconds, clock: options.clock ?? (() => new Date()) };
  return async () => {
    try {
      return await provide(memo, request);
    } catch (error) {
      throw await toCredentialsProviderError(error, profile);
    }
  };
}
