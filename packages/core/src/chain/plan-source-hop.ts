import { VaultError } from "../errors.js";
import { OIDC_TOKEN_KEY_PREFIX } from "../session/session-key.js";
import { envLocation, formatLocation } from "./config-setting.js";
import { addSourceHop, cacheSlot, hopBase, type PlanState } from "./plan-state.js";
import { checkMinimumDuration } from "./resolve-durations.js";
import type {
  CredentialProcessHop,
  ResolvedProfile,
  SourceHop,
  SsoHop,
  WebIdentityHop,
  WebIdentityTokenSource,
} from "./types.js";

/**
 * Plans hops[0] for the deepest profile of the chain, in aws-vault's order: stored keys > SSO > web identity >
 * credential_process. Only stored (long-term) keys go on to a GetSessionToken or AssumeRole of the same profile.
 */
export function planSourceHop(state: PlanState): SourceHop {
  const profile = state.chain.at(-1)!;
  state.mfaProcess = profile.mfaProcess;
  if (state.options.storedProfiles?.has(profile.name)) {
    state.pending.push(`profile ${profile.name}: using stored credentials`);
    state.output = "long-term";
    return addSourceHop(state, { kind: "stored", ...hopBase(profile) });
  }
  state.output = "other";
  return addSourceHop(state, otherSourceHop(state, profile));
}

type Planned<H> = Omit<H, "notes">;

function otherSourceHop(
  state: PlanState,
  profile: ResolvedProfile,
): Planned<SsoHop> | Planned<WebIdentityHop> | Planned<CredentialProcessHop> {
  const base = hopBase(profile);
  if (profile.ssoStartUrl !== undefined) {
    ignoreRole(state, profile, "SSO profiles get their role from sso_account_id and sso_role_name");
    state.pending.push(`profile ${profile.name}: using SSO role credentials`);
    return ssoHop(profile, base, profile.ssoStartUrl);
  }
  const token = webIdentityTokenSource(profile);
  if (token !== undefined) {
    state.pending.push(`profile ${profile.name}: using web identity`);
    return webIdentity(profile, base, token);
  }
  if (profile.credentialProcess !== undefined) {
    ignoreRole(state, profile, "credential_process supplies the credentials");
    state.pending.push(`profile ${profile.name}: using credential process`);
    const cache = cacheSlot("credential_process", profile.name, "", true);
    return { ...base, kind: "CredentialProcess", command: profile.credentialProcess, cache };
  }
  throw credentialsMissing(profile);
}

/** The file wins when both are set, as aws-vault reads them. */
/** Scopes sent when the config names none: the one that makes the token come with a refresh token. */
const DEFAULT_SSO_SCOPES: readonly string[] = ["sso:account:access"];

function ssoHop(
  profile: ResolvedProfile,
  base: ReturnType<typeof hopBase>,
  startUrl: string,
): Planned<SsoHop> {
  const { ssoRegion, ssoAccountId, ssoRoleName } = profile;
  if (ssoRegion === undefined || ssoAccountId === undefined || ssoRoleName === undefined) {
    const missing = [
      ssoRegion === undefined ? "sso_region" : undefined,
      ssoAccountId === undefined ? "sso_account_id" : undefined,
      ssoRoleName === undefined ? "sso_role_name" : undefined,
    ].filter((key) => key !== undefined);
    const where = profile.origins.ssoStartUrl ? ` (sso_start_url from ${profile.origins.ssoStartUrl})` : "";
    throw new VaultError(
      "CONFIG_INVALID_SETTING",
      `profile '${profile.name}' uses SSO${where} but has no ${missing.join(", ")}`,
      {
        profile: profile.name,
        ...(profile.locations.ssoStartUrl ? { location: profile.locations.ssoStartUrl } : {}),
      },
    );
  }
  return {
    ...base,
    kind: "SsoRoleCredentials",
    ssoStartUrl: startUrl,
    ssoRegion,
    ssoAccountId,
    ssoRoleName,
    ...(profile.ssoSession !== undefined ? { ssoSession: profile.ssoSession } : {}),
    ssoRegistrationScopes: profile.ssoRegistrationScopes ?? DEFAULT_SSO_SCOPES,
    tokenKey: `${OIDC_TOKEN_KEY_PREFIX}${startUrl}`,
    cache: cacheSlot("sso.GetRoleCredentials", profile.name, startUrl, true),
  };
}

function webIdentityTokenSource(profile: ResolvedProfile): WebIdentityTokenSource | undefined {
  if (profile.webIdentityTokenFile !== undefined) return { file: profile.webIdentityTokenFile };
  if (profile.webIdentityTokenProcess !== undefined) return { process: profile.webIdentityTokenProcess };
  return undefined;
}

function webIdentity(
  profile: ResolvedProfile,
  base: ReturnType<typeof hopBase>,
  webIdentityToken: WebIdentityTokenSource,
): Planned<WebIdentityHop> {
  if (profile.roleArn === undefined) {
    const key =
      profile.webIdentityTokenFile !== undefined ? "webIdentityTokenFile" : "webIdentityTokenProcess";
    const location = profile.locations[key];
    const where = location ? ` at ${formatLocation(location)}` : "";
    throw new VaultError(
      "CONFIG_INVALID_SETTING",
      `profile '${profile.name}' has a web identity token${where} but no role_arn to assume with it`,
      { location, profile: profile.name },
    );
  }
  const durationOrigin = profile.origins.assumeRoleDurationSeconds ?? "default";
  checkMinimumDuration(
    "AssumeRoleWithWebIdentity",
    profile.name,
    profile.assumeRoleDurationSeconds,
    durationOrigin,
  );
  return {
    ...base,
    kind: "AssumeRoleWithWebIdentity",
    roleArn: profile.roleArn,
    roleSessionName: profile.roleSessionName,
    webIdentityToken,
    durationSeconds: profile.assumeRoleDurationSeconds,
    durationOrigin,
    cache: cacheSlot("sts.AssumeRoleWithWebIdentity", profile.name, "", true),
  };
}

function ignoreRole(state: PlanState, profile: ResolvedProfile, why: string): void {
  if (profile.roleArn === undefined) return;
  const location = profile.locations.roleArn ?? envLocation("AWS_ROLE_ARN");
  state.warnings.push({
    ...location,
    code: "ignored-setting",
    profile: profile.name,
    message: `role_arn of profile '${profile.name}' is ignored: ${why} (aws-vault ignores it too)`,
  });
}

function credentialsMissing(profile: ResolvedProfile): VaultError {
  const unsupported = profile.credentialSource === undefined ? "" : "; credential_source is not supported";
  return new VaultError(
    "CREDENTIALS_MISSING",
    `profile '${profile.name}' has no credentials: no stored keys, source_profile, sso_*, web_identity_* ` +
      `or credential_process${unsupported}`,
    { location: profile.location, profile: profile.name },
  );
}
