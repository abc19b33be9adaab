import { describe, expect, it } from "vitest";
import type { AuthorizationListener } from "../../src/engine/ports.js";
import { VaultError } from "../../src/errors.js";
import { ssoRoleCredentials } from "../../src/sso/sso-sign-in.js";
import { START_URL, ssoHop, ssoWorld, storedClient, TOKEN_KEY } from "./sso-world.js";

const hop = ssoHop();
const CODE_FLOW = { VAULT_CLI_SSO_FLOW: "authorization-code" };

/** A listener whose browser comes back with an error (or never: `code` rejects with `error`). */
function failingListener(error: unknown): () => Promise<AuthorizationListener> {
  return async () => ({
    redirectUri: "http://127.0.0.1:40001/oauth/callback",
    state: "state-x",
    codeVerifier: "verifier-x",
    codeChallenge: "challenge-of-verifier-x",
    code: async () => {
      throw error;
    },
    close: () => {},
  });
}

describe("the authorization-code flow", () => {
  it("registers for the code grant with the start URL as issuer", async () => {
    const w = ssoWorld({ env: CODE_FLOW });
    await ssoRoleCredentials(hop, w.deps);
    expect(w.requests[0]).toMatchObject({
      api: "RegisterClient",
      input: {
        clientName: "vault-cli",
        scopes: ["sso:account:access"],
        authorizationCode: { issuerUrl: START_URL },
      },
    });
  });

  it("does not reuse a registration made for the device flow", async () => {
    const w = ssoWorld({ env: CODE_FLOW });
    await w.store({ accessToken: "old", expiresAt: w.in(-60), client: storedClient() });
    await ssoRoleCredentials(hop, w.deps);
    expect(w.calls().slice(0, 2)).toEqual(["RegisterClient", "Authorize"]);
  });

  it("shows the authorize page for ten minutes, then takes it down and closes the listener", async () => {
    const w = ssoWorld({ env: CODE_FLOW });
    await ssoRoleCredentials(hop, w.deps);
    expect(w.signIns).toEqual([
      {
        profile: "dev",
        startUrl: START_URL,
        verificationUri: "https://oidc.sso.test/authorize?state=state-1",
        verificationUriComplete: "https://oidc.sso.test/authorize?state=state-1",
        expiresAt: new Date("2026-01-01T00:10:00Z"),
      },
    ]);
    expect(w.dismissed).toBe(1);
    expect(w.closed).toBe(1);
  });

  it("takes down the page and closes the listener when the browser never comes back", async () => {
    const w = ssoWorld({ env: CODE_FLOW, sso: { neverApprove: true } });
    await expect(ssoRoleCredentials(hop, w.deps)).rejects.toMatchObject({ code: "SSO_LOGIN_FAILED" });
    expect(w.dismissed).toBe(1);
    expect(w.closed).toBe(1);
    expect(await w.keystore.get(TOKEN_KEY)).toBeUndefined();
  });

  it("reports a failed redirect with the profile and start URL, keeping the listener's reason", async () => {
    const w = ssoWorld({ env: CODE_FLOW });
    const cause = new VaultError("SSO_LOGIN_FAILED", "the browser came back with access_denied", {
      data: { error: "access_denied" },
    });
    w.listen = failingListener(cause);
    const error = await ssoRoleCredentials(hop, w.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect(error).toMatchObject({
      code: "SSO_LOGIN_FAILED",
      profile: "dev",
      message: `profile 'dev': the SSO sign-in to ${START_URL} failed: the browser came back with access_denied`,
      cause,
    });
    expect((error as VaultError).data).toEqual({ error: "access_denied", startUrl: START_URL });
  });

  it.each([
    ["an interruption", new VaultError("INTERRUPTED", "interrupted")],
    ["an unexpected error", new Error("socket closed")],
  ])("passes on %s while waiting for the browser unchanged", async (_, cause) => {
    const w = ssoWorld({ env: CODE_FLOW });
    w.listen = failingListener(cause);
    await expect(ssoRoleCredentials(hop, w.deps)).rejects.toBe(cause);
  });

  it("fails with SSO_LOGIN_FAILED when CreateToken answers no token for the code", async () => {
    const w = ssoWorld({ env: CODE_FLOW });
    w.service.createToken = async () => ({ pending: "authorization_pending" });
    await expect(ssoRoleCredentials(hop, w.deps)).rejects.toMatchObject({
      code: "SSO_LOGIN_FAILED",
      profile: "dev",
      message: "profile 'dev': CreateToken answered no token for the code",
    });
    expect(await w.keystore.get(TOKEN_KEY)).toBeUndefined();
  });

  it("copies the new token to the AWS CLI's cache when asked", async () => {
    const w = ssoWorld({ env: { ...CODE_FLOW, VAULT_CLI_SSO_SHARE_TOKEN: "1" } });
    await ssoRoleCredentials(hop, w.deps);
    expect(JSON.parse(w.awsCliFiles.corp ?? "{}")).toMatchObject({
      accessToken: "access-3",
      startUrl: START_URL,
      clientId: "client-1",
    });
  });

  it("is UNSUPPORTED by a vault that cannot receive a browser redirect", async () => {
    const w = ssoWorld({ env: { VAULT_CLI_SSO_FLOW: "PKCE" }, without: ["listenForAuthorization"] });
    await expect(ssoRoleCredentials(hop, w.deps)).rejects.toMatchObject({
      code: "UNSUPPORTED",
      profile: "dev",
      message:
        "profile 'dev': this vault cannot receive a browser redirect; unset VAULT_CLI_SSO_FLOW to use the device flow",
    });
    expect(w.requests).toEqual([]);
  });

  it("fails with SSO_LOGIN_FAILED, before registering, when nobody can be shown the sign-in", async () => {
    const w = ssoWorld({ env: CODE_FLOW, without: ["ssoLogin"] });
    await expect(ssoRoleCredentials(hop, w.deps)).rejects.toMatchObject({
      code: "SSO_LOGIN_FAILED",
      data: { startUrl: START_URL },
    });
    expect(w.requests).toEqual([]);
  });
});
