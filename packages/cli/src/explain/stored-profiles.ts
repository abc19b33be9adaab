import { type AwsConfig, isVaultError } from "@vault-cli/core";
import type { GlobalFlags } from "../global-flags.js";
import type { CliIo } from "../io.js";
import { chosenBackend, openCliKeystore } from "../keystore/open-cli-keystore.js";
import { readStoredKeys } from "../keystore/stored-keys.js";
import { assumedStoredProfiles } from "./assumed-stored-profiles.js";

/** What `explain` knows of the keystore: the profiles with stored keys, or why it could not look. */
export interface StoredProfiles {
  readonly backend: string;
  /** Names of stored credentials; undefined when the keystore could not be listed. */
  readonly found: ReadonlySet<string> | undefined;
  readonly error: string | undefined;
  /**
   * What the plan is made with: the names found plus the guess (profiles without a source of their
   * own), so a profile whose keys are not stored yet still gets a plan, marked "no keys stored".
   */
  readonly planning: ReadonlySet<string>;
}

/** Lists the keystore (key names only: no secret is read and no passphrase asked). */
export async function storedProfiles(
  io: CliIo,
  globals: GlobalFlags,
  config: AwsConfig,
): Promise<StoredProfiles> {
  const assumed = assumedStoredProfiles(config);
  try {
    const keystore = await openCliKeystore(io, globals);
    const found = new Set((await readStoredKeys(keystore)).credentials);
    return { backend: keystore.name, found, error: undefined, planning: new Set([...found, ...assumed]) };
  } catch (error) {
    if (!isVaultError(error)) throw error;
    return { backend: chosenBackend(io, globals), found: undefined, error: error.message, planning: assumed };
  }
}
