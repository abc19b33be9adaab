import type { ConfigWarning } from "../config/types.js";
import type { SourceLocation } from "../errors.js";
import { envLocation, formatLocation } from "./config-setting.js";
import { parseSessionTags, parseTransitiveTags } from "./parse-session-tags.js";
import type { RawSetting, RawSettings } from "./raw-settings.js";
import type { ResolvedProfile } from "./types.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The settings part of a ResolvedProfile, with where each came from. */
type ProfileFields = Mutable<Omit<ResolvedProfile, "name" | "location" | "warnings" | DurationField>> & {
  origins: Record<string, string>;
  locations: Record<string, SourceLocation>;
};
type DurationField =
  | "assumeRoleDurationSeconds"
  | "sessionTokenDurationSeconds"
  | "chainedSessionTokenDurationSeconds";

/** Settings copied as they are: AWS key to ResolvedProfile field. */
const TEXT_FIELDS = {
  region: "region",
  mfa_serial: "mfaSerial",
  mfa_process: "mfaProcess",
  role_arn: "roleArn",
  role_session_name: "roleSessionName",
  external_id: "externalId",
  source_profile: "sourceProfile",
  include_profile: "includeProfile",
  sso_session: "ssoSession",
  sso_start_url: "ssoStartUrl",
  sso_region: "ssoRegion",
  sso_account_id: "ssoAccountId",
  sso_role_name: "ssoRoleName",
  web_identity_token_file: "webIdentityTokenFile",
  web_identity_token_process: "webIdentityTokenProcess",
  credential_process: "credentialProcess",
  credential_source: "credentialSource",
  source_identity: "sourceIdentity",
  endpoint_url: "endpointUrl",
} as const;

/** Turns AWS keys into camelCase fields, parsing tags, scopes and sts_regional_endpoints on the way. */
export function readProfileFields(
  raw: RawSettings,
  profile: string,
  warnings: ConfigWarning[],
): ProfileFields {
  const fields: ProfileFields = { origins: {}, locations: {} };
  const take = (key: string, field: string): RawSetting | undefined => {
    const setting = raw.get(key);
    if (setting === undefined) return undefined;
    fields.origins[field] = setting.origin;
    if (setting.location) fields.locations[field] = setting.location;
    return setting;
  };
  for (const [key, field] of Object.entries(TEXT_FIELDS)) {
    const setting = take(key, field);
    if (setting !== undefined) fields[field] = setting.value;
  }
  const scopes = take("sso_registration_scopes", "ssoRegistrationScopes");
  if (scopes) fields.ssoRegistrationScopes = scopes.value.split(/[\s,]+/).filter((scope) => scope !== "");
  const tags = take("session_tags", "sessionTags");
  if (tags) fields.sessionTags = parseSessionTags(tags.value, tagSource(tags, "session_tags", profile));
  const transitive = take("transitive_session_tags", "transitiveSessionTags");
  if (transitive) fields.transitiveSessionTags = parseTransitiveTags(transitive.value);
  const endpoints = take("sts_regional_endpoints", "stsRegionalEndpoints");
  if (endpoints) fields.stsRegionalEndpoints = stsEndpoints(endpoints, profile, warnings);
  return fields;
}

function tagSource(setting: RawSetting, key: string, profile: string) {
  const subject = setting.location
    ? `${key} of profile '${profile}' at ${formatLocation(setting.location)}`
    : setting.origin.replace(/^env:/, "");
  return { subject, location: setting.location, profile };
}

function stsEndpoints(setting: RawSetting, profile: string, warnings: ConfigWarning[]) {
  if (setting.value === "legacy" || setting.value === "regional") return setting.value;
  warnings.push({
    ...(setting.location ?? envLocation(setting.origin.replace(/^env:/, ""))),
    code: "ignored-setting",
    profile,
    message: `sts_regional_endpoints '${setting.value}' of profile '${profile}' is neither 'legacy' nor 'regional'; ignored`,
  });
  return undefined;
}
