import type { AwsConfig } from "@vault-cli/core";

/**
 * The SSO start URL of a profile's own section, the sso-session's taking precedence (as ByteNess
 * aws-vault resolves it for `list` and `clear`); undefined for non-SSO profiles.
 */
export function ssoStartUrlOf(config: AwsConfig, profile: string): string | undefined {
  const settings = config.profiles.get(profile)?.settings;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  const sessionName = text(settings?.get("sso_session")?.value);
  const session = sessionName === undefined ? undefined : config.ssoSessions.get(sessionName);
  return text(session?.settings.get("sso_start_url")?.value) ?? text(settings?.get("sso_start_url")?.value);
}
