import type { AwsConfig } from "../config/types.js";
import { VaultError } from "../errors.js";
import { formatLocation, textSetting } from "./config-setting.js";
import type { RawSettings } from "./raw-settings.js";
import { didYouMean } from "./suggest-name.js";

const SESSION_KEYS = ["sso_start_url", "sso_region", "sso_registration_scopes"] as const;

/**
 * When a profile names an `[sso-session]`, that section's start URL, region and scopes win over inline ones
 * (aws-vault overwrites them too). aws-vault only logs a missing sso-session; vault-cli reports it.
 */
export function applySsoSession(config: AwsConfig, raw: RawSettings, profile: string): void {
  const name = raw.get("sso_session");
  if (name === undefined) return;
  const session = config.ssoSessions.get(name.value);
  if (session === undefined) {
    const where = name.location ? ` at ${formatLocation(name.location)}` : "";
    throw new VaultError(
      "CONFIG_INVALID_SETTING",
      `sso_session of profile '${profile}'${where} names sso-session '${name.value}', which is not in ` +
        `${config.file}${didYouMean(name.value, config.ssoSessions.keys())}`,
      { location: name.location, profile },
    );
  }
  for (const key of SESSION_KEYS) {
    const setting = textSetting(session, key);
    if (setting === undefined) continue;
    raw.set(key, { ...setting, origin: `[sso-session ${name.value}] ${formatLocation(setting.location)}` });
  }
}
