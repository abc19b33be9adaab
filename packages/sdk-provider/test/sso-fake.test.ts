import {
  GetRoleCredentialsCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
  UnauthorizedException,
} from "@aws-sdk/client-sso";
import {
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  InvalidGrantException,
  RegisterClientCommand,
  SlowDownException,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from "@aws-sdk/client-sso-oidc";
import { type SsoFake, type SsoFakeOptions, startSsoFake } from "@vault-cli/test-support";
import { afterEach, describe, expect, it } from "vitest";

const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const START_URL = "https://example.awsapps.com/start";
const ACCOUNT = "123456789012";
/** The registration scope for which Identity Center hands out refresh tokens. */
const REFRESH_SCOPES = ["sso:account:access"];
let fake: SsoFake | undefined;

afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

/** A fake and real SDK clients pointed at it; maxAttempts 1 so an error is answered once, not retried. */
async function setUp(options: SsoFakeOptions = {}) {
  const started = await startSsoFake(options);
  fake = started;
  const config = { endpoint: started.url, region: "eu-central-1", maxAttempts: 1 };
  return { fake: started, oidc: new SSOOIDCClient(config), sso: new SSOClient(config) };
}

type Clients = Awaited<ReturnType<typeof setUp>>;

/** Registers a client and starts a device authorization, as `aws sso login` does. */
async function startLogin({ oidc }: Clients, scopes?: string[]) {
  const client = await oidc.send(
    new RegisterClientCommand({ clientName: "vault-cli", clientType: "public", scopes }),
  );
  const { clientId = "", clientSecret = "" } = client;
  const device = await oidc.send(
    new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: START_URL }),
  );
  const poll = () =>
    oidc.send(
      new CreateTokenCommand({
        clientId,
        clientSecret,
        grantType: DEVICE_CODE_GRANT,
        deviceCode: device.deviceCode,
      }),
    );
  return { clientId, clientSecret, device, poll };
}

/** A finished sign-in: the browser approved and the first poll exchanged the device code. */
async function signIn(clients: Clients, scopes: string[] | undefined) {
  const login = await startLogin(clients, scopes);
  await approveInBrowser(login.device.verificationUriComplete);
  return { ...login, token: await login.poll() };
}

async function approveInBrowser(verificationUriComplete: string | undefined): Promise<void> {
  const response = await fetch(verificationUriComplete ?? "");
  expect(response.status).toBe(200);
}

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => expect.unreachable("the call succeeded"),
    (error: unknown) => error,
  );

describe("test fake: the SSO fake, spoken to by the real AWS SDK clients", () => {
  it("signs in by device authorization: pending, approved in the browser, then tokens", async () => {
    const clients = await setUp();
    const { device, poll } = await startLogin(clients, REFRESH_SCOPES);
    expect(device).toMatchObject({ expiresIn: 600, interval: 1 });
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(device.verificationUriComplete).toContain(device.userCode);

    const pending = await rejection(poll());
    expect(pending).toBeInstanceOf(AuthorizationPendingException);
    expect(pending).toMatchObject({ name: "AuthorizationPendingException", error: "authorization_pending" });

    await approveInBrowser(device.verificationUriComplete);
    const token = await poll();
    expect(token.accessToken).toBeTruthy();
    expect(token.expiresIn).toBe(28_800);
    expect(token.refreshToken).toBeTruthy();
    expect(token.tokenType).toBe("Bearer");
    expect(await rejection(poll())).toBeInstanceOf(InvalidGrantException); // a device code is used once
  });

  it("the refresh_token grant answers a new access token", async () => {
    const clients = await setUp();
    const { clientId, clientSecret, token } = await signIn(clients, REFRESH_SCOPES);
    const refreshed = await clients.oidc.send(
      new CreateTokenCommand({
        clientId,
        clientSecret,
        grantType: "refresh_token",
        refreshToken: token.refreshToken,
      }),
    );
    expect(refreshed.accessToken).toBeTruthy();
    expect(refreshed.accessToken).not.toBe(token.accessToken);
    expect(typeof refreshed.expiresIn).toBe("number");
    expect(clients.fake.accessTokens()).toEqual([token.accessToken, refreshed.accessToken]);
  });

  it("GetRoleCredentials answers credentials whose expiration is epoch milliseconds in the future", async () => {
    const clients = await setUp();
    const { token } = await signIn(clients, REFRESH_SCOPES);
    const before = Date.now();
    const { roleCredentials } = await clients.sso.send(
      new GetRoleCredentialsCommand({
        accessToken: token.accessToken,
        accountId: ACCOUNT,
        roleName: "admin",
      }),
    );
    expect(roleCredentials?.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(roleCredentials?.secretAccessKey).toBeTruthy();
    expect(roleCredentials?.sessionToken).toBeTruthy();
    expect(typeof roleCredentials?.expiration).toBe("number");
    expect(roleCredentials?.expiration).toBeGreaterThan(before);
  });

  it("a revoked access token gets 401 UnauthorizedException", async () => {
    const clients = await setUp();
    const { token } = await signIn(clients, REFRESH_SCOPES);
    clients.fake.revoke(token.accessToken ?? "");
    const error = await rejection(
      clients.sso.send(
        new GetRoleCredentialsCommand({
          accessToken: token.accessToken,
          accountId: ACCOUNT,
          roleName: "admin",
        }),
      ),
    );
    expect(error).toBeInstanceOf(UnauthorizedException);
    expect(error).toMatchObject({ name: "UnauthorizedException", $metadata: { httpStatusCode: 401 } });
  });

  it("a registration without the sso:account:access scope gets no refresh token", async () => {
    const clients = await setUp();
    const { token } = await signIn(clients, undefined);
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeUndefined();
  });

  it("answers SlowDownException on the polls it is told to", async () => {
    const clients = await setUp({ slowDownOnPolls: [1] });
    const { poll } = await startLogin(clients);
    const error = await rejection(poll());
    expect(error).toBeInstanceOf(SlowDownException);
    expect(error).toMatchObject({ name: "SlowDownException", error: "slow_down" });
    expect(await rejection(poll())).toBeInstanceOf(AuthorizationPendingException);
  });

  it("an expired device code gets ExpiredTokenException", async () => {
    const clients = await setUp({ deviceCodeExpiresIn: 0 });
    const { poll } = await startLogin(clients);
    const error = await rejection(poll());
    expect(error).toBeInstanceOf(ExpiredTokenException);
    expect(error).toMatchObject({ name: "ExpiredTokenException", error: "expired_token" });
  });

  it("a role that is not assigned gets a 403 error named ForbiddenException", async () => {
    const clients = await setUp();
    const { token } = await signIn(clients, REFRESH_SCOPES);
    const error = await rejection(
      clients.sso.send(
        new GetRoleCredentialsCommand({
          accessToken: token.accessToken,
          accountId: ACCOUNT,
          roleName: "nope",
        }),
      ),
    );
    expect(error).toMatchObject({
      name: "ForbiddenException",
      message: "No access",
      $metadata: { httpStatusCode: 403 },
    });
  });

  it("Logout ends the session: its access token and its refresh token stop working", async () => {
    const clients = await setUp();
    const { clientId, clientSecret, token } = await signIn(clients, REFRESH_SCOPES);
    const { accessToken } = token;
    expect((await clients.sso.send(new ListAccountsCommand({ accessToken }))).accountList).toEqual([
      { accountId: ACCOUNT, accountName: `account-${ACCOUNT}`, emailAddress: `aws+${ACCOUNT}@example.com` },
    ]);
    await clients.sso.send(new LogoutCommand({ accessToken }));

    const refresh = clients.oidc.send(
      new CreateTokenCommand({
        clientId,
        clientSecret,
        grantType: "refresh_token",
        refreshToken: token.refreshToken,
      }),
    );
    const error = await rejection(refresh);
    expect(error).toBeInstanceOf(InvalidGrantException);
    expect(error).toMatchObject({ name: "InvalidGrantException", error: "invalid_grant" });
    expect(await rejection(clients.sso.send(new ListAccountsCommand({ accessToken })))).toBeInstanceOf(
      UnauthorizedException,
    );
  });

  it("records what went over the wire", async () => {
    const clients = await setUp();
    const { clientId, token } = await signIn(clients, REFRESH_SCOPES);
    await clients.sso.send(
      new GetRoleCredentialsCommand({
        accessToken: token.accessToken,
        accountId: ACCOUNT,
        roleName: "readonly",
      }),
    );
    const { fake } = clients;
    expect(fake.calls()).toEqual([
      { api: "RegisterClient", scopes: ["sso:account:access"], clientId, outcome: "ok" },
      { api: "StartDeviceAuthorization", clientId, outcome: "ok" },
      { api: "Approve", outcome: "ok" },
      { api: "CreateToken", grantType: DEVICE_CODE_GRANT, clientId, outcome: "ok" },
      {
        api: "GetRoleCredentials",
        accountId: ACCOUNT,
        roleName: "readonly",
        accessToken: token.accessToken,
        outcome: "ok",
      },
    ]);
    expect(fake.count("CreateToken")).toBe(1);
    expect(fake.count("CreateToken", "AuthorizationPendingException")).toBe(0);
    fake.reset();
    expect(fake.calls()).toEqual([]);
  });
});
