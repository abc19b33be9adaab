import { describe, expect, it } from "vitest";
import { classifyKeys, formatSessionKey, removeSessionsOf } from "../../src/session/index.js";
import { memoryKeystore } from "../../src/testing/index.js";

const expiration = new Date("2026-01-01T00:00:00Z");
const sessionOf = (profile: string, serial = "") =>
  formatSessionKey({ type: "sts.GetSessionToken", profile, serial, expiration });

const aliceSession = sessionOf("alice");
const aliceMfaSession = sessionOf("alice", "arn:aws:iam::1:mfa/alice");
const bobSession = sessionOf("bob");
const legacy = "session,YWxpY2U,,1767225600";
const oidc = "oidc:https://corp.example.com/start";

describe("classifyKeys", () => {
  it("sorts a listing into credentials, sessions, legacy sessions and SSO tokens, keeping the listing", () => {
    const keys = ["alice", aliceSession, legacy, oidc, "bob", bobSession];
    const stored = classifyKeys(keys);
    // A session key's fields (profile and serial are decoded when read).
    const sessions = stored.sessions.map(({ key, session: { type, profile, serial, expiration } }) => ({
      key,
      session: { type, profile, serial, expiration },
    }));
    expect({ ...stored, sessions }).toEqual({
      all: keys,
      credentials: ["alice", "bob"],
      sessions: [
        {
          key: aliceSession,
          session: { type: "sts.GetSessionToken", profile: "alice", serial: "", expiration },
        },
        { key: bobSession, session: { type: "sts.GetSessionToken", profile: "bob", serial: "", expiration } },
      ],
      legacySessions: [legacy],
      oidcTokens: [oidc],
    });
  });

  it("gives empty lists for an empty listing", () => {
    expect(classifyKeys([])).toEqual({
      all: [],
      credentials: [],
      sessions: [],
      legacySessions: [],
      oidcTokens: [],
    });
  });
});

describe("removeSessionsOf", () => {
  const listing = ["alice", aliceSession, aliceMfaSession, bobSession, legacy, oidc];
  const keystoreWithAll = () => memoryKeystore(listing.map((key) => [key, "{}"] as const));

  it("removes only the named profile's sessions and counts them", async () => {
    const keystore = keystoreWithAll();
    expect(await removeSessionsOf(keystore, classifyKeys(listing), "alice")).toBe(2);
    expect(await keystore.keys()).toEqual(["alice", bobSession, legacy, oidc].sort());
  });

  it("removes the sessions of every profile in a set", async () => {
    const keystore = keystoreWithAll();
    expect(await removeSessionsOf(keystore, classifyKeys(listing), new Set(["alice", "bob"]))).toBe(3);
    expect(await keystore.keys()).toEqual(["alice", legacy, oidc].sort());
  });

  it("removes nothing for a profile without sessions", async () => {
    const keystore = keystoreWithAll();
    expect(await removeSessionsOf(keystore, classifyKeys(listing), "carol")).toBe(0);
    expect(await keystore.keys()).toEqual([...listing].sort());
  });

  it("does not count a listed session that is already gone", async () => {
    const keystore = keystoreWithAll();
    const stored = classifyKeys(listing);
    await keystore.remove(aliceSession);
    expect(await removeSessionsOf(keystore, stored, "alice")).toBe(1);
  });
});
