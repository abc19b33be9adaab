import type { AwsConfig } from "../config/types.js";
import { VaultError } from "../errors.js";
import { formatLocation, textSetting } from "./config-setting.js";
import type { RawSettings } from "./raw-settings.js";
import { didYouMean } from "./suggest-name.js";

const SESSION_KEYS = ["sso_start_url", "sso_region", "sso_registration_scopes"] as const;

/**
 * When a profile names an `[sso-session]`, that section supplies the start URL, region and scopes. An inline value
 * that differs from the session's is an error naming both lines (the AWS CLI's rule; aws-vault silently takes the
 * session's). aws-vault only logs a missing sso-session; vault-cli reports it.
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
    const own = raw.get(key);
    // The AWS CLI refuses a profile that says one thing and its sso-session another; aws-vault silently takes
    // the session's. Neither would be what the user meant: say where both are.
    if (own?.location !== undefined && own.value !== setting.value) {
      throw new VaultError(
        "CONFIG_INVALID_SETTING",
        `profile '${profile}': ${key} = ${own.value} at ${formatLocation(own.location)} conflicts with ` +
          `${key} = ${setting.value} of [sso-session ${name.value}] at ${formatLocation(setting.location)}`,
        { location: own.location, profile },
      );
    }
    raw.set(key, { ...setting, origin: `[sso-session ${name.value}] ${formatLocation(setting.location)}` });
  }
}
