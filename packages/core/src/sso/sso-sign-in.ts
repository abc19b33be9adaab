import type { SsoHop } from "../chain/types.js";
import type { EngineDeps } from "../engine/engine-types.js";
import type { AwsCredentials, DeviceAuthorization, SsoClient, SsoTarget, SsoToken } from "../engine/ports.js";
import { isVaultError, VaultError } from "../errors.js";
import {
  decodeAwsCliToken,
  decodeSsoTokenItem,
  encodeAwsCliToken,
  encodeSsoTokenItem,
  SSO_TOKEN_DESCRIPTION,
  type StoredSsoToken,
  ssoTokenLabel,
} from "./sso-token-formats.js";

/** A token with less life than this is refreshed (or signed in again) before it is used. */
export const SSO_TOKEN_MARGIN_SECONDS = 300;
/** A registration with less life than this is not used for a new sign-in: one is registered anew. */
const REGISTRATION_MARGIN_SECONDS = 3600;
/**
 * How long a process waits for another one's sign-in: a device code lives 10 minutes; the one signing in
 * stops polling at its expiry, so the wait ends by then.
 */
export const SSO_SIGN_IN_WAIT_MS = 11 * 60_000;
/** Polling interval when StartDeviceAuthorization names none (RFC 8628's default). */
const DEFAULT_INTERVAL_SECONDS = 5;
/** What a SlowDownException adds to the interval (RFC 8628 §3.5). */
const SLOW_DOWN_SECONDS = 5;
/** The client name RegisterClient is given. */
export const SSO_CLIENT_NAME = "vault-cli";

/** Which sign-in: `device` (default, as aws-vault; works over SSH) or `authorization-code` (PKCE, a loopback redirect). */
const SSO_FLOW_ENV = "VAULT_CLI_SSO_FLOW";
/** How long the authorization-code flow waits for the browser to come back (as long as a device code lives). */
const CODE_FLOW_WAIT_MS = 10 * 60_000;

/** Set to 1/true to copy each new token into the AWS CLI's ~/.aws/sso/cache (plaintext), as `aws sso login` would. */
export const SHARE_TOKEN_ENV = "VAULT_CLI_SSO_SHARE_TOKEN";

/**
 * IAM Identity Center role credentials for the hop: an access token (the keystore's, refreshed, the AWS CLI's,
 * or a new sign-in), then GetRoleCredentials. A cached token the portal refuses (401) is dropped and the user
 * signs in again, once.
 */
export async function ssoRoleCredentials(hop: SsoHop, deps: EngineDeps): Promise<AwsCredentials> {
  const first = await ssoAccessToken(hop, deps);
  try {
    return await getRoleCredentials(hop, deps, first.accessToken);
  } catch (error) {
    if (!isVaultError(error) || error.code !== "SSO_UNAUTHORIZED" || first.signedIn) throw error;
    deps.trace?.(`sso: the portal refused the token of ${hop.tokenKey}; it is dropped`);
    const second = await ssoAccessToken(hop, deps, first.accessToken);
    return getRoleCredentials(hop, deps, second.accessToken);
  }
}

function getRoleCredentials(hop: SsoHop, deps: EngineDeps, accessToken: string) {
  return deps.sso.getRoleCredentials(ssoTarget(hop), {
    accessToken,
    accountId: hop.ssoAccountId,
    roleName: hop.ssoRoleName,
  });
}

function ssoTarget(hop: SsoHop): SsoTarget {
  return {
    profile: hop.profile,
    region: hop.ssoRegion,
    ...(hop.endpointUrl === undefined ? {} : { endpointUrl: hop.endpointUrl }),
  };
}

/**
 * A usable access token for the hop's start URL. Without one in the keystore, under one lock per start URL
 * (so N processes sign in once): read again, refresh, take the AWS CLI's, else sign in with the device flow.
 * `refused` is a token the portal just refused: it is not used again, and its refresh token neither.
 */
async function ssoAccessToken(
  hop: SsoHop,
  deps: EngineDeps,
  refused?: string,
): Promise<{ accessToken: string; signedIn: boolean }> {
  // Not a type guard: a token that is not usable is still a token (to refresh).
  const usable = (token: StoredSsoToken | undefined): boolean =>
    token !== undefined &&
    token.accessToken !== refused &&
    lifeLeft(token.expiresAt, deps) > SSO_TOKEN_MARGIN_SECONDS;
  const cached = await readToken(hop, deps, false);
  if (cached && usable(cached)) {
    deps.trace?.(`sso: token ${hop.tokenKey} from the keystore (${lifeLeft(cached.expiresAt, deps)}s left)`);
    return { accessToken: cached.accessToken, signedIn: false };
  }
  const label = `the SSO sign-in to ${hop.ssoStartUrl}`;
  return deps.lock({ name: hop.tokenKey, label, waitMs: SSO_SIGN_IN_WAIT_MS }, async () => {
    const stored = await readToken(hop, deps, true);
    if (stored && usable(stored)) {
      deps.trace?.(`sso: token ${hop.tokenKey} written by another process`);
      return { accessToken: stored.accessToken, signedIn: false };
    }
    if (refused !== undefined && stored?.accessToken === refused) {
      await deps.keystore.remove(hop.tokenKey);
    } else if (stored) {
      const refreshed = await refresh(hop, deps, stored);
      if (refreshed) return { accessToken: refreshed.accessToken, signedIn: false };
    }
    const shared = refused === undefined ? await readAwsCliToken(hop, deps) : undefined;
    if (shared && usable(shared)) {
      deps.trace?.(`sso: token from the AWS CLI's cache (${lifeLeft(shared.expiresAt, deps)}s left)`);
      await saveToken(hop, deps, { ...shared, startUrl: hop.ssoStartUrl, region: hop.ssoRegion }, false);
      return { accessToken: shared.accessToken, signedIn: false };
    }
    const token = usesCodeFlow(deps.env)
      ? await codeSignIn(hop, deps, stored?.client)
      : await deviceSignIn(hop, deps, stored?.client);
    return { accessToken: token.accessToken, signedIn: true };
  });
}

/** A new token from the stored refresh token, or undefined when there is none or the service refuses it. */
async function refresh(hop: SsoHop, deps: EngineDeps, stored: StoredSsoToken): Promise<SsoToken | undefined> {
  const { client, refreshToken } = stored;
  if (refreshToken === undefined || client === undefined) return undefined;
  if (lifeLeft(client.expiresAt, deps) <= 0) {
    deps.trace?.(`sso: the client registration of ${hop.tokenKey} has expired; signing in again`);
    return undefined;
  }
  deps.trace?.(`sso: refreshing ${hop.tokenKey} with its refresh token`);
  try {
    const answer = await deps.sso.createToken(ssoTarget(hop), client, { refreshToken });
    if ("pending" in answer) return undefined;
    const token: StoredSsoToken = {
      ...answer,
      refreshToken: answer.refreshToken ?? refreshToken,
      client,
      startUrl: hop.ssoStartUrl,
      region: hop.ssoRegion,
    };
    await saveToken(hop, deps, token, true);
    return token;
  } catch (error) {
    if (!isVaultError(error) || error.code !== "SSO_UNAUTHORIZED") throw error;
    deps.trace?.(`sso: the refresh token of ${hop.tokenKey} was refused; signing in again`);
    return undefined;
  }
}

/**
 * The OAuth device authorization grant: register (or reuse the stored registration), show the page and code,
 * poll CreateToken at the interval the service asks (slower after a SlowDownException) until the code expires.
 */
async function deviceSignIn(
  hop: SsoHop,
  deps: EngineDeps,
  registered: SsoClient | undefined,
): Promise<SsoToken> {
  const target = ssoTarget(hop);
  const scopes = hop.ssoRegistrationScopes;
  const reusable = reusableClient(registered, hop, deps, false);
  const register = () => deps.sso.registerClient(target, { clientName: SSO_CLIENT_NAME, scopes });
  let client = reusable ?? (await register());
  let authorization: DeviceAuthorization;
  try {
    authorization = await deps.sso.startDeviceAuthorization(target, client, hop.ssoStartUrl);
  } catch (error) {
    // A stored registration the service no longer knows (revoked, or the service's records reset): register anew.
    if (!reusable || !isVaultError(error) || error.code !== "SSO_UNAUTHORIZED") throw error;
    deps.trace?.(`sso: the stored client registration of ${hop.tokenKey} was refused; registering again`);
    client = await register();
    authorization = await deps.sso.startDeviceAuthorization(target, client, hop.ssoStartUrl);
  }
  const expiresAt = new Date(deps.clock().getTime() + authorization.expiresInSeconds * 1000);
  if (!deps.ssoLogin) throw nobodyToAsk(hop);
  deps.trace?.(
    `sso: signing in to ${hop.ssoStartUrl}; code ${authorization.userCode} expires in ${authorization.expiresInSeconds}s`,
  );
  const dismiss = deps.ssoLogin({
    profile: hop.profile,
    startUrl: hop.ssoStartUrl,
    userCode: authorization.userCode,
    verificationUri: authorization.verificationUri,
    verificationUriComplete: authorization.verificationUriComplete,
    expiresAt,
  });
  try {
    let interval =
      authorization.intervalSeconds > 0 ? authorization.intervalSeconds : DEFAULT_INTERVAL_SECONDS;
    for (;;) {
      const answer = await deps.sso.createToken(target, client, { deviceCode: authorization.deviceCode });
      if (!("pending" in answer)) {
        const token: StoredSsoToken = { ...answer, client, startUrl: hop.ssoStartUrl, region: hop.ssoRegion };
        await saveToken(hop, deps, token, true);
        deps.trace?.(`sso: signed in; token ${hop.tokenKey} expires ${answer.expiresAt.toISOString()}`);
        return token;
      }
      if (answer.pending === "slow_down") interval += SLOW_DOWN_SECONDS;
      if (deps.clock().getTime() + interval * 1000 >= expiresAt.getTime()) {
        throw new VaultError(
          "SSO_LOGIN_FAILED",
          `profile '${hop.profile}': the SSO sign-in to ${hop.ssoStartUrl} was not approved before its code ` +
            `${authorization.userCode} expired (${authorization.expiresInSeconds}s)`,
          { profile: hop.profile, data: { startUrl: hop.ssoStartUrl, reason: "expired" } },
        );
      }
      await deps.sleep(interval * 1000);
    }
  } finally {
    dismiss?.();
  }
}

/**
 * The OAuth authorization-code grant with PKCE (the AWS CLI's default): register for it (or reuse such a
 * registration), listen on a loopback port, show the authorize page, and trade the code the browser brings back.
 */
async function codeSignIn(
  hop: SsoHop,
  deps: EngineDeps,
  registered: SsoClient | undefined,
): Promise<SsoToken> {
  const target = ssoTarget(hop);
  const scopes = hop.ssoRegistrationScopes;
  if (!deps.listenForAuthorization) {
    throw new VaultError(
      "UNSUPPORTED",
      `profile '${hop.profile}': this vault cannot receive a browser redirect; unset ${SSO_FLOW_ENV} to use the device flow`,
      { profile: hop.profile },
    );
  }
  if (!deps.ssoLogin) throw nobodyToAsk(hop);
  const client =
    reusableClient(registered, hop, deps, true) ??
    (await deps.sso.registerClient(target, {
      clientName: SSO_CLIENT_NAME,
      scopes,
      authorizationCode: { issuerUrl: hop.ssoStartUrl },
    }));
  const listener = await deps.listenForAuthorization();
  let dismiss: (() => void) | undefined;
  try {
    const { redirectUri, state, codeChallenge } = listener; // the verifier stays with the listener
    const url = deps.sso.authorizeUrl(target, client, { redirectUri, state, codeChallenge, scopes });
    deps.trace?.(`sso: signing in to ${hop.ssoStartUrl} in the browser; waiting at ${listener.redirectUri}`);
    dismiss = deps.ssoLogin({
      profile: hop.profile,
      startUrl: hop.ssoStartUrl,
      verificationUri: url,
      verificationUriComplete: url,
      expiresAt: new Date(deps.clock().getTime() + CODE_FLOW_WAIT_MS),
    });
    const code = await listener.code(CODE_FLOW_WAIT_MS).catch((error: unknown) => {
      if (!isVaultError(error) || error.code !== "SSO_LOGIN_FAILED") throw error;
      throw new VaultError(
        "SSO_LOGIN_FAILED",
        `profile '${hop.profile}': the SSO sign-in to ${hop.ssoStartUrl} failed: ${error.message}`,
        { cause: error, profile: hop.profile, data: { ...error.data, startUrl: hop.ssoStartUrl } },
      );
    });
    const grant = { code, codeVerifier: listener.codeVerifier, redirectUri: listener.redirectUri };
    const answer = await deps.sso.createToken(target, client, grant);
    if ("pending" in answer) {
      throw new VaultError(
        "SSO_LOGIN_FAILED",
        `profile '${hop.profile}': CreateToken answered no token for the code`,
        {
          profile: hop.profile,
        },
      );
    }
    const token: StoredSsoToken = { ...answer, client, startUrl: hop.ssoStartUrl, region: hop.ssoRegion };
    await saveToken(hop, deps, token, true);
    deps.trace?.(`sso: signed in; token ${hop.tokenKey} expires ${answer.expiresAt.toISOString()}`);
    return token;
  } finally {
    dismiss?.();
    listener.close();
  }
}

/** The stored registration, when it is valid for a while, has the hop's scopes and suits the flow. */
function reusableClient(
  registered: SsoClient | undefined,
  hop: SsoHop,
  deps: EngineDeps,
  codeFlow: boolean,
): SsoClient | undefined {
  if (registered === undefined || (registered.authorizationCode === true) !== codeFlow) return undefined;
  if (lifeLeft(registered.expiresAt, deps) <= REGISTRATION_MARGIN_SECONDS) return undefined;
  return sameScopes(registered.scopes, hop.ssoRegistrationScopes) ? registered : undefined;
}

function nobodyToAsk(hop: SsoHop): VaultError {
  return new VaultError(
    "SSO_LOGIN_FAILED",
    `profile '${hop.profile}' needs an SSO sign-in to ${hop.ssoStartUrl}, and nobody can be asked here`,
    { profile: hop.profile, data: { startUrl: hop.ssoStartUrl } },
  );
}

/** VAULT_CLI_SSO_FLOW=authorization-code (or pkce) signs in with a browser redirect; the default is the device flow. */
function usesCodeFlow(env: EngineDeps["env"]): boolean {
  const value = env[SSO_FLOW_ENV]?.toLowerCase();
  return value === "authorization-code" || value === "pkce";
}

/** The keystore's token for the hop's start URL; a damaged item is treated as none (and reported if `report`). */
async function readToken(
  hop: SsoHop,
  deps: EngineDeps,
  report: boolean,
): Promise<StoredSsoToken | undefined> {
  const data = await deps.keystore.get(hop.tokenKey);
  if (data === undefined) return undefined;
  try {
    return decodeSsoTokenItem(data, `SSO token item '${hop.tokenKey}'`);
  } catch (error) {
    if (!isVaultError(error) || error.code !== "KEYSTORE_CORRUPT") throw error;
    if (report) deps.warn?.(`${error.message}; it is skipped and will be replaced`);
    return undefined;
  }
}

/** The AWS CLI's cached token for the hop's sso-session (or start URL), if it is for the same start URL. */
async function readAwsCliToken(hop: SsoHop, deps: EngineDeps): Promise<StoredSsoToken | undefined> {
  if (!deps.awsCliTokens) return undefined;
  const text = await deps.awsCliTokens.read(awsCliCacheName(hop));
  const token = text === undefined ? undefined : decodeAwsCliToken(text);
  if (token?.startUrl !== undefined && token.startUrl !== hop.ssoStartUrl) return undefined;
  return token;
}

/** The name the AWS CLI hashes for its cache file: the sso-session's, or the start URL of a legacy profile. */
export function awsCliCacheName(hop: SsoHop): string {
  return hop.ssoSession ?? hop.ssoStartUrl;
}

/** Writes the token item (and, when the user asked for it, the AWS CLI's cache file). */
async function saveToken(
  hop: SsoHop,
  deps: EngineDeps,
  token: StoredSsoToken,
  fresh: boolean,
): Promise<void> {
  await deps.keystore.set(hop.tokenKey, encodeSsoTokenItem(token, deps.clock()), {
    label: ssoTokenLabel(hop.ssoStartUrl, token.expiresAt),
    description: SSO_TOKEN_DESCRIPTION,
  });
  if (fresh && deps.awsCliTokens && sharesToken(deps.env)) {
    await deps.awsCliTokens.write(awsCliCacheName(hop), encodeAwsCliToken(token));
    deps.trace?.(`sso: token copied to the AWS CLI's cache (${SHARE_TOKEN_ENV})`);
  }
}

function sharesToken(env: EngineDeps["env"]): boolean {
  const value = env[SHARE_TOKEN_ENV]?.toLowerCase();
  return value === "1" || value === "true" || value === "yes";
}

function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(" ") === [...b].sort().join(" ");
}

function lifeLeft(expiresAt: Date, deps: EngineDeps): number {
  return Math.floor((expiresAt.getTime() - deps.clock().getTime()) / 1000);
}
