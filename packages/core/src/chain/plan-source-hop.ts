import { VaultError } from "../errors.js";
import { envLocation, formatLocation } from "./config-setting.js";
import { addHop, cacheSlot, hopBase, NO_MFA, type PlanState } from "./plan-state.js";
import type { Hop, ResolvedProfile } from "./types.js";

/**
 * Adds hops[0] for the deepest profile of the chain, in aws-vault's order: stored keys > SSO > web identity >
 * credential_process. Returns true when it hands on long-term keys (GetSessionToken/AssumeRole may follow).
 */
export function planSourceHop(state: PlanState): boolean {
  const profile = state.chain.at(-1)!;
  state.mfaProcess = profile.mfaProcess;
  if (state.options.storedProfiles?.has(profile.name)) {
    state.pending.push(`profile ${profile.name}: using stored credentials`);
    addHop(state, { kind: "stored", ...hopBase(profile), mfa: NO_MFA });
    state.output = "long-term";
    return true;
  }
  addHop(state, otherSourceHop(state, profile));
  state.output = "other";
  return false;
}

function otherSourceHop(state: PlanState, profile: ResolvedProfile): Omit<Hop, "notes"> {
  const base = { ...hopBase(profile), mfa: NO_MFA };
  if (profile.ssoStartUrl !== undefined) {
    ignoreRole(state, profile, "SSO profiles get their role from sso_account_id and sso_role_name");
    state.pending.push(`profile ${profile.name}: using SSO role credentials`);
    return {
      ...base,
      kind: "SsoRoleCredentials",
      ssoStartUrl: profile.ssoStartUrl,
      ssoRegion: profile.ssoRegion,
      ssoAccountId: profile.ssoAccountId,
      ssoRoleName: profile.ssoRoleName,
      cache: cacheSlot("sso.GetRoleCredentials", profile.name, profile.ssoStartUrl, true),
    };
  }
  if (profile.webIdentityTokenFile !== undefined || profile.webIdentityTokenProcess !== undefined) {
    state.pending.push(`profile ${profile.name}: using web identity`);
    return { ...base, ...webIdentity(profile) };
  }
  if (profile.credentialProcess !== undefined) {
    ignoreRole(state, profile, "credential_process supplies the credentials");
    state.pending.push(`profile ${profile.name}: using credential process`);
    const cache = cacheSlot("credential_process", profile.name, "", true);
    return { ...base, kind: "CredentialProcess", credentialProcess: profile.credentialProcess, cache };
  }
  throw credentialsMissing(profile);
}

function webIdentity(profile: ResolvedProfile): Omit<Hop, "notes" | "mfa" | "profile"> {
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
  return {
    kind: "AssumeRoleWithWebIdentity",
    roleArn: profile.roleArn,
    roleSessionName: profile.roleSessionName,
    webIdentityTokenFile: profile.webIdentityTokenFile,
    webIdentityTokenProcess: profile.webIdentityTokenProcess,
    durationSeconds: profile.assumeRoleDurationSeconds,
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
      `or credential_process${unsupported} (store keys with 'vault-cli add ${profile.name}')`,
    { location: profile.location, profile: profile.name },
  );
}
