import { describe, expect, it } from "vitest";
import { VaultError } from "../../src/errors.js";
import { ssoRoleCredentials } from "../../src/sso/sso-sign-in.js";
import { START, START_URL, ssoHop, ssoWorld, storedClient } from "./sso-world.js";

const hop = ssoHop();

/** A world whose keystore holds an expired token without a refresh token: the next call signs in with `client`. */
async function signInAgainWith(client = storedClient(), options: Parameters<typeof ssoWorld>[0] = {}) {
  const w = ssoWorld(options);
  await w.store({ accessToken: "old", expiresAt: w.in(-60), client });
  return w;
}

function registered(w: ReturnType<typeof ssoWorld>) {
  return w.requests.filter((r) => r.api === "RegisterClient").length;
}

describe("the device flow", () => {
  it("polls CreateToken with the device code, the same one each time", async () => {
    const w = ssoWorld();
    await ssoRoleCredentials(hop, w.deps);
    const grants = w.requests.filter((r) => r.api === "CreateToken").map((r) => r.input);
    expect(grants).toHaveLength(2);
    expect(grants[0]).toEqual({ deviceCode: expect.stringMatching(/^device-/) });
    expect(grants[1]).toEqual(grants[0]);
  });

  it("polls every 5 seconds when StartDeviceAuthorization names no interval", async () => {
    const w = ssoWorld({ sso: { interval: 0, pendingPolls: 2 } });
    await ssoRoleCredentials(hop, w.deps);
    expect(w.fake.count("CreateToken", "pending")).toBe(2);
    expect(w.clock().getTime() - new Date(START).getTime()).toBe(10_000);
  });

  it("fails with SSO_LOGIN_FAILED, reason 'expired', when the code expires unapproved", async () => {
    const w = ssoWorld({ sso: { neverApprove: true, deviceCodeSeconds: 20, interval: 5 } });
    const error = await ssoRoleCredentials(hop, w.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect(error).toMatchObject({ code: "SSO_LOGIN_FAILED", profile: "dev" });
    expect((error as VaultError).data).toEqual({ startUrl: START_URL, reason: "expired" });
  });

  it.each([
    ["approved", {}],
    ["never approved", { neverApprove: true, deviceCodeSeconds: 20 }],
  ])("takes down the sign-in it showed once it is %s", async (_, sso) => {
    const w = ssoWorld({ sso });
    await ssoRoleCredentials(hop, w.deps).catch(() => undefined);
    expect(w.signIns).toHaveLength(1);
    expect(w.dismissed).toBe(1);
  });

  it("fails with SSO_LOGIN_FAILED when nobody can be shown the sign-in, before polling", async () => {
    const w = ssoWorld({ without: ["ssoLogin"] });
    const error = await ssoRoleCredentials(hop, w.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect(error).toMatchObject({
      code: "SSO_LOGIN_FAILED",
      profile: "dev",
      message: `profile 'dev' needs an SSO sign-in to ${START_URL}, and nobody can be asked here`,
    });
    expect((error as VaultError).data).toEqual({ startUrl: START_URL });
    expect(w.calls()).toEqual(["RegisterClient", "StartDeviceAuthorization"]);
  });
});

describe("StartDeviceAuthorization refused", () => {
  const refuseOnce = (w: ReturnType<typeof ssoWorld>, code: "SSO_UNAUTHORIZED" | "SSO_FAILED") => {
    const start = w.service.startDeviceAuthorization;
    let refused = false;
    w.service.startDeviceAuthorization = async (target, client, startUrl) => {
      if (refused) return start(target, client, startUrl);
      refused = true;
      throw new VaultError(code, `profile 'dev': StartDeviceAuthorization failed (${code})`);
    };
  };

  it("for the stored registration registers anew and starts again", async () => {
    const w = await signInAgainWith();
    refuseOnce(w, "SSO_UNAUTHORIZED");
    await ssoRoleCredentials(hop, w.deps);
    expect(w.calls().slice(0, 3)).toEqual([
      "StartDeviceAuthorization",
      "RegisterClient",
      "StartDeviceAuthorization",
    ]);
    expect(w.requests[2]?.clientId).toBe("client-1");
  });

  it("for a registration just made is an error: it is not registered again", async () => {
    const w = ssoWorld();
    refuseOnce(w, "SSO_UNAUTHORIZED");
    await expect(ssoRoleCredentials(hop, w.deps)).rejects.toMatchObject({ code: "SSO_UNAUTHORIZED" });
    expect(w.calls()).toEqual(["RegisterClient", "StartDeviceAuthorization"]);
  });

  it("failing other than by a refusal is an error, even with the stored registration", async () => {
    const w = await signInAgainWith();
    refuseOnce(w, "SSO_FAILED");
    await expect(ssoRoleCredentials(hop, w.deps)).rejects.toMatchObject({ code: "SSO_FAILED" });
    expect(registered(w)).toBe(0);
  });
});

describe("the stored registration", () => {
  it("is reused while it has more than an hour left", async () => {
    const w = await signInAgainWith(storedClient(3601));
    await ssoRoleCredentials(hop, w.deps);
    expect(registered(w)).toBe(0);
    expect(w.requests[0]).toMatchObject({ api: "StartDeviceAuthorization", clientId: "stored-client" });
  });

  it("is replaced when an hour or less is left", async () => {
    const w = await signInAgainWith(storedClient(3600));
    await ssoRoleCredentials(hop, w.deps);
    expect(registered(w)).toBe(1);
    expect(w.requests[1]).toMatchObject({ api: "StartDeviceAuthorization", clientId: "client-1" });
  });

  it("is replaced when it was made for the authorization-code flow", async () => {
    const w = await signInAgainWith(storedClient(undefined, { authorizationCode: true }));
    await ssoRoleCredentials(hop, w.deps);
    expect(w.requests[0]).toMatchObject({
      api: "RegisterClient",
      input: { clientName: "vault-cli", scopes: ["sso:account:access"] },
    });
  });

  it.each([
    ["the same scopes", ["sso:account:access"], ["sso:account:access"], 0],
    ["the same scopes in the same unsorted order", ["sso:b", "sso:a"], ["sso:b", "sso:a"], 0],
    ["the same scopes in another order", ["sso:a", "sso:b"], ["sso:b", "sso:a"], 0],
    ["fewer scopes", ["sso:account:access"], ["sso:account:access", "openid"], 1],
    ["other scopes", ["openid"], ["sso:account:access"], 1],
  ])("with %s as the hop is registered %i more time(s)", async (_, stored, wanted, registrations) => {
    const w = await signInAgainWith(storedClient(undefined, { scopes: stored }));
    await ssoRoleCredentials(ssoHop({ ssoRegistrationScopes: wanted }), w.deps);
    expect(registered(w)).toBe(registrations);
  });
});
