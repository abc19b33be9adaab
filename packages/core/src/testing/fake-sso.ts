import type {
  AwsCredentials,
  ListenForAuthorization,
  Sleep,
  Sso,
  SsoClient,
  SsoLoginPrompt,
  SsoSignIn,
  SsoTarget,
  SsoToken,
  TokenPending,
} from "../engine/ports.js";
import { VaultError } from "../errors.js";
import type { FakeClock } from "./fake-clock.js";

export type SsoApi =
  | "RegisterClient"
  | "StartDeviceAuthorization"
  | "Authorize"
  | "CreateToken"
  | "GetRoleCredentials"
  | "Logout";

/** One call as the fake saw it: `grant` for CreateToken, the bearer token of portal calls. */
export interface SsoCall {
  readonly api: SsoApi;
  readonly profile: string;
  readonly region: string;
  readonly grant?: "device_code" | "refresh_token" | "authorization_code";
  /** RegisterClient: registered for the authorization-code grant. */
  readonly authorizationCode?: boolean;
  readonly accessToken?: string;
  readonly scopes?: readonly string[];
  readonly accountId?: string;
  readonly roleName?: string;
  /** "ok", "pending", "slow_down" or the VaultError code thrown. */
  readonly outcome: string;
}

export interface FakeSsoOptions {
  readonly clock: FakeClock;
  /** CreateToken answers "authorization pending" this many times per sign-in before the token; default 1. */
  readonly pendingPolls?: number;
  /** The user never approves: polling goes on until the code expires. */
  readonly neverApprove?: boolean;
  /** Poll numbers (1-based, per sign-in) answered with a slow-down. */
  readonly slowDownOnPolls?: readonly number[];
  readonly interval?: number;
  readonly deviceCodeSeconds?: number;
  readonly accessTokenSeconds?: number;
  readonly roleSeconds?: number;
}

export interface FakeSso extends Sso {
  readonly calls: readonly SsoCall[];
  /** The sign-ins shown to the user, through `prompt`. */
  readonly signIns: readonly SsoSignIn[];
  /** An SsoLoginPrompt that records what it is shown; the fake approves by itself (see pendingPolls). */
  readonly prompt: SsoLoginPrompt;
  /**
   * A loopback listener for the authorization-code flow: its code is the one the fake issues for the authorize
   * page shown with its state (the user approves at once), or never comes with `neverApprove`.
   */
  readonly listen: ListenForAuthorization;
  /** A Sleep that moves the clock instead of waiting. */
  readonly sleep: Sleep;
  /** The portal accepts this access token (one issued elsewhere: aws-vault's, the AWS CLI's) until `expiresAt`. */
  accept(accessToken: string, expiresAt: Date): void;
  /** The portal refuses this access token from now on (its refresh token still works). */
  revoke(accessToken: string): void;
  /** Client registrations made so far stop working (InvalidClientException). */
  revokeClients(): void;
  /** Refresh tokens stop working (the sign-in session ended). */
  revokeRefreshTokens(): void;
  count(api: SsoApi, outcome?: string): number;
}

/**
 * IAM Identity Center in memory: deterministic clients (`client-1`), tokens (`access-1`, `refresh-1`) and role
 * credentials (`ASIASSO0001`), with expiries on the given clock.
 */
export function fakeSso(options: FakeSsoOptions): FakeSso {
  const { clock } = options;
  const calls: SsoCall[] = [];
  const signIns: SsoSignIn[] = [];
  const polls = new Map<string, number>();
  const tokens = new Map<string, { expiresAt: number; revoked: boolean }>();
  let refreshWorks = true;
  const codes = new Map<string, { code: string; codeChallenge: string; redirectUri: string }>();
  let listeners = 0;
  const revokedClients = new Set<string>();
  const issuedClients: string[] = [];
  let counter = 0;
  const next = () => ++counter;
  const record = (call: SsoCall) => calls.push(call);
  const seconds = (s: number) => new Date(clock().getTime() + s * 1000);

  const issue = (): SsoToken => {
    const n = next();
    const expiresAt = seconds(options.accessTokenSeconds ?? 8 * 3600);
    tokens.set(`access-${n}`, { expiresAt: expiresAt.getTime(), revoked: false });
    return { accessToken: `access-${n}`, expiresAt, refreshToken: `refresh-${n}`, tokenType: "Bearer" };
  };
  const fail = (
    call: Omit<SsoCall, "outcome">,
    code: "SSO_UNAUTHORIZED" | "SSO_LOGIN_FAILED",
    message: string,
  ) => {
    record({ ...call, outcome: code });
    return new VaultError(code, `profile '${call.profile}': ${call.api} failed: ${message}`, {
      profile: call.profile,
    });
  };

  const fake: FakeSso = {
    calls,
    signIns,
    prompt: (signIn) => {
      signIns.push(signIn);
      return undefined;
    },
    sleep: async (ms) => clock.advance(ms),
    listen: async () => {
      listeners += 1;
      const state = `state-${listeners}`;
      const codeVerifier = `verifier-${listeners}`;
      return {
        redirectUri: `http://127.0.0.1:4${String(listeners).padStart(4, "0")}/oauth/callback`,
        state,
        codeVerifier,
        codeChallenge: challengeOf(codeVerifier),
        code: async (timeoutMs) => {
          const issued = codes.get(state);
          if (options.neverApprove || !issued) {
            clock.advance(timeoutMs);
            throw new VaultError("SSO_LOGIN_FAILED", `no browser came back within ${timeoutMs} ms`);
          }
          return issued.code;
        },
        close: () => {},
      };
    },
    accept: (accessToken, expiresAt) => {
      tokens.set(accessToken, { expiresAt: expiresAt.getTime(), revoked: false });
    },
    revoke: (accessToken) => {
      const token = tokens.get(accessToken);
      if (token) token.revoked = true;
    },
    revokeClients: () => {
      for (const id of issuedClients) revokedClients.add(id);
    },
    revokeRefreshTokens: () => {
      refreshWorks = false;
    },
    count: (api, outcome) =>
      calls.filter((c) => c.api === api && (outcome === undefined || c.outcome === outcome)).length,
    async registerClient(target: SsoTarget, { scopes, authorizationCode }): Promise<SsoClient> {
      const code = authorizationCode !== undefined;
      record({
        api: "RegisterClient",
        ...where(target),
        scopes,
        ...(code ? { authorizationCode: true } : {}),
        outcome: "ok",
      });
      const clientId = `client-${next()}`;
      issuedClients.push(clientId);
      return {
        clientId,
        clientSecret: "secret",
        expiresAt: seconds(90 * 86400),
        scopes,
        ...(code ? { authorizationCode: true } : {}),
      };
    },
    async startDeviceAuthorization(target, client, _startUrl) {
      const call = { api: "StartDeviceAuthorization", ...where(target) } as const;
      if (revokedClients.has(client.clientId)) {
        throw fail(call, "SSO_UNAUTHORIZED", "unknown client (InvalidClientException)");
      }
      record({ ...call, outcome: "ok" });
      const n = next();
      polls.set(`device-${n}`, 0);
      return {
        deviceCode: `device-${n}`,
        userCode: `CODE-${n}`,
        verificationUri: "https://device.sso.test/",
        verificationUriComplete: `https://device.sso.test/?user_code=CODE-${n}`,
        expiresInSeconds: options.deviceCodeSeconds ?? 600,
        intervalSeconds: options.interval ?? 1,
      };
    },
    authorizeUrl(target, client, { redirectUri, state, codeChallenge }) {
      record({
        api: "Authorize",
        ...where(target),
        outcome: client.authorizationCode ? "ok" : "not registered for codes",
      });
      const code = `code-${next()}`;
      codes.set(state, { code, codeChallenge, redirectUri });
      return `https://oidc.sso.test/authorize?state=${state}`;
    },
    async createToken(target, _client, grant): Promise<SsoToken | TokenPending> {
      if ("code" in grant) {
        const call = { api: "CreateToken", ...where(target), grant: "authorization_code" } as const;
        const issued = [...codes.values()].find((c) => c.code === grant.code);
        if (
          !issued ||
          issued.redirectUri !== grant.redirectUri ||
          issued.codeChallenge !== challengeOf(grant.codeVerifier)
        ) {
          throw fail(call, "SSO_UNAUTHORIZED", "invalid code, redirect URI or code verifier");
        }
        record({ ...call, outcome: "ok" });
        return issue();
      }
      if ("refreshToken" in grant) {
        const call = { api: "CreateToken", ...where(target), grant: "refresh_token" } as const;
        if (!refreshWorks) throw fail(call, "SSO_UNAUTHORIZED", "invalid refresh token");
        record({ ...call, outcome: "ok" });
        return issue();
      }
      const call = { api: "CreateToken", ...where(target), grant: "device_code" } as const;
      const poll = (polls.get(grant.deviceCode) ?? 0) + 1;
      polls.set(grant.deviceCode, poll);
      const started = signIns.at(-1)?.expiresAt.getTime() ?? Number.POSITIVE_INFINITY;
      if (clock().getTime() >= started) throw fail(call, "SSO_LOGIN_FAILED", "the device code expired");
      if (options.slowDownOnPolls?.includes(poll)) {
        record({ ...call, outcome: "slow_down" });
        return { pending: "slow_down" };
      }
      if (options.neverApprove || poll <= (options.pendingPolls ?? 1)) {
        record({ ...call, outcome: "pending" });
        return { pending: "authorization_pending" };
      }
      record({ ...call, outcome: "ok" });
      return issue();
    },
    async getRoleCredentials(
      target,
      { accessToken, accountId, roleName },
    ): Promise<Required<AwsCredentials>> {
      const call = { api: "GetRoleCredentials", ...where(target), accessToken, accountId, roleName } as const;
      const token = tokens.get(accessToken);
      if (!token || token.revoked || token.expiresAt <= clock().getTime()) {
        throw fail(call, "SSO_UNAUTHORIZED", "the access token is not valid (401)");
      }
      record({ ...call, outcome: "ok" });
      const n = String(next()).padStart(4, "0");
      return {
        accessKeyId: `ASIASSO${n}`,
        secretAccessKey: `sso-secret-${n}`,
        sessionToken: `sso-token-${n}`,
        expiration: seconds(options.roleSeconds ?? 3600),
      };
    },
    async logout(target, accessToken) {
      record({ api: "Logout", ...where(target), accessToken, outcome: "ok" });
      const token = tokens.get(accessToken);
      if (token) token.revoked = true;
      refreshWorks = false;
    },
  };
  return fake;
}

/** The fake's stand-in for base64url(sha256(verifier)). */
const challengeOf = (verifier: string) => `challenge-of-${verifier}`;

function where(target: SsoTarget) {
  return { profile: target.profile, region: target.region };
}
