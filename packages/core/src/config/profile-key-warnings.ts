import { suggestName } from "../chain/suggest-name.js";
import { PROFILE_KEYS } from "./profile-keys.js";
import type { ConfigSection, ConfigWarning } from "./types.js";

const PLAINTEXT_KEYS = new Set(["aws_access_key_id", "aws_secret_access_key", "aws_session_token"]);

/**
 * Keys a reader would want to hear about: a near-miss of a key vault-cli reads (`source_profle`), which every
 * tool silently ignores, and keys in the config file that the AWS CLI uses but aws-vault and vault-cli do not.
 * Other unknown keys (`output`, `cli_pager`, `s3`, ...) belong to other tools and are left alone.
 */
export function profileKeyWarnings(section: ConfigSection): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  const profile = section.name;
  for (const [key, setting] of section.settings) {
    const at = { file: setting.location.file, line: setting.location.line, profile };
    if (PLAINTEXT_KEYS.has(key)) {
      const message =
        `[profile ${profile}] ${key} in the config file is ignored by vault-cli and aws-vault (the AWS CLI uses ` +
        `it): store keys with 'vault-cli add ${profile}' and delete them from the file`;
      warnings.push({ ...at, code: "ignored-setting", message });
      continue;
    }
    if (PROFILE_KEYS.has(key)) continue;
    // Two edits at most: `source_profle`, `mfa_seral`, `role-arn`; not every other tool's keys.
    const near = suggestName(key, PROFILE_KEYS, 2);
    if (near === undefined) continue;
    const message = `[profile ${profile}] unknown key '${key}' is ignored (did you mean '${near}'?)`;
    warnings.push({ ...at, code: "unknown-key", message });
  }
  return warnings;
}
