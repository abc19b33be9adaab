import {
  type AwsConfig,
  isVaultError,
  profilesFeeding,
  profilesWithoutCredentialSource,
} from "@vault-cli/core";
import type { Vault } from "@vault-cli/sdk-provider";

/** What `explain` knows of the keystore: the profiles with stored keys, or why it could not look. */
export interface StoredProfiles {
  readonly backend: string;
  /** Names of stored credentials; undefined when the keystore could not be listed. */
  readonly found: ReadonlySet<string> | undefined;
  readonly error: string | undefined;
  /**
   * What the plan is made with: the names found plus the profiles without a credential source of their
   * own, so a profile whose keys are not stored yet still gets a plan, marked "no keys stored".
   */
  readonly planning: ReadonlySet<string>;
}

/**
 * Lists the keystore (key names only: no secret is read and no passphrase asked). Only the profiles that can
 * feed `target` are asked whether they have a source of their own: the plan looks at no others, and in a
 * file of 5,000 profiles the others are never read.
 */
export async function storedProfiles(
  vault: Vault,
  config: AwsConfig,
  target: string,
): Promise<StoredProfiles> {
  const assumed = profilesWithoutCredentialSource(config, profilesFeeding(config, target));
  try {
    const found = new Set((await vault.listKeys()).credentials);
    return { backend: vault.backend, found, error: undefined, planning: new Set([...found, ...assumed]) };
  } catch (error) {
    if (!isVaultError(error)) throw error;
    return { backend: vault.backend, found: undefined, error: error.message, planning: assumed };
  }
}
