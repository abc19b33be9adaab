import { classifyKey } from "@vault-cli/core";
import { usageError } from "../usage-error.js";

/**
 * A name `add` can store and write as a config section: no control characters, brackets or surrounding
 * spaces, and not one the keystore would read back as a session or SSO token key.
 */
export function checkProfileName(command: string, profile: string): void {
  const quoted = JSON.stringify(profile);
  if (/[\x00-\x1f\x7f[\]]/.test(profile) || profile.trim() !== profile) {
    throw usageError(
      command,
      `invalid profile name ${quoted}: no control characters, brackets or surrounding spaces`,
    );
  }
  if (classifyKey(profile) !== "credentials") {
    throw usageError(
      command,
      `invalid profile name ${quoted}: the keystore would read it as a cached session`,
    );
  }
}
