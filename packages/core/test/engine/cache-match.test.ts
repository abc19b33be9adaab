import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine/get-credentials.js";
import type { ConfigSpec } from "../support/config-builder.js";
import { harness } from "./engine-harness.js";

const ROLE = "arn:aws:iam::111111111111:role/R";
const role = (settings: Record<string, string>): ConfigSpec => ({
  "profile R": { role_arn: ROLE, source_profile: "U", ...settings },
});

/** STS calls made by two gets of `target`, the config edited from `before` to `after` between them. */
async function callsAcrossEdit(before: ConfigSpec, after: ConfigSpec, target = "R", stored = ["U"]) {
  const h = harness(before, {
    stored,
    files: { "/a": "jwt-a", "/b": "jwt-b" },
    processes: { ta: "a", tb: "b" },
  });
  await h.get(target);
  h.edit(after);
  await h.get(target);
  return h.sts.calls.length;
}

describe("session cache: a role is served only for the settings it was made with", () => {
  it.each([
    ["session_tags in another order", { session_tags: "b=2,a=1,c=3" }, { session_tags: "c=3,a=1,b=2" }],
    ["session_tags, two of them swapped", { session_tags: "a=1,b=2" }, { session_tags: "b=2,a=1" }],
    [
      "transitive_session_tags in another order",
      { session_tags: "a=1,b=2", transitive_session_tags: "a,b" },
      { session_tags: "a=1,b=2", transitive_session_tags: "b,a" },
    ],
  ])("serves the cached role for %s", async (_what, before, after) => {
    expect(await callsAcrossEdit(role(before), role(after))).toBe(1);
  });

  it.each([
    ["other session_tags", { session_tags: "a=1,b=2" }, { session_tags: "a=1,b=3" }],
    [
      "other transitive_session_tags",
      { session_tags: "a=1,b=2", transitive_session_tags: "a" },
      { session_tags: "a=1,b=2", transitive_session_tags: "b" },
    ],
    ["another role_session_name", { role_session_name: "one" }, { role_session_name: "two" }],
  ])("makes a new call for %s", async (_what, before, after) => {
    expect(await callsAcrossEdit(role(before), role(after))).toBe(2);
  });
});

describe("session cache: web identity is served only for the token source it was made with", () => {
  const webIdentity = (token: Record<string, string>): ConfigSpec => ({
    "profile W": { role_arn: ROLE, ...token },
  });

  it.each([
    ["another web_identity_token_file", { web_identity_token_file: "/a" }, { web_identity_token_file: "/b" }],
    [
      "another web_identity_token_process",
      { web_identity_token_process: "ta" },
      { web_identity_token_process: "tb" },
    ],
  ])("makes a new call for %s", async (_what, before, after) => {
    expect(await callsAcrossEdit(webIdentity(before), webIdentity(after), "W", [])).toBe(2);
  });

  it("serves the cached credentials when the token source is unchanged", async () => {
    const same = webIdentity({ web_identity_token_file: "/a" });
    expect(await callsAcrossEdit(same, same, "W", [])).toBe(1);
  });
});

describe("session cache: a keystore that cannot hold the item", () => {
  const longSerial = `arn:aws:iam::111111111111:mfa/${"x".repeat(300)}`;
  const spec = { "profile U": { mfa_serial: longSerial } };

  function tooLongFor(h: ReturnType<typeof harness>, warnings: string[]) {
    return {
      ...h.deps,
      keystore: {
        ...h.deps.keystore,
        keyProblem: (key: string) => (key.length > 255 ? "its name is over 255 bytes" : undefined),
      },
      warn: (message: string) => warnings.push(message),
    };
  }

  it("runs the hop uncached every time, with a warning naming the hop and keystore", async () => {
    const h = harness(spec, { codes: ["111111", "222222"] });
    const warnings: string[] = [];
    const engine = createEngine(tooLongFor(h, warnings));
    const first = await engine.getCredentials(h.plan("U"), { minTtlSeconds: 300 });
    const second = await engine.getCredentials(h.plan("U"), { minTtlSeconds: 300 });
    expect(first).toMatchObject({ accessKeyId: "ASIAFAKE0001" });
    expect(second).toMatchObject({ accessKeyId: "ASIAFAKE0002" });
    expect(await h.sessionKeys()).toEqual([]);
    expect(warnings[0]).toBe(
      "GetSessionToken of profile 'U' is not cached: the memory keystore cannot hold its item (its name is over 255 bytes)",
    );
  });

  it("still refuses what it gets when it has less life than the floor", async () => {
    const name = "p".repeat(300);
    const expiring = {
      Version: 1,
      AccessKeyId: "A",
      SecretAccessKey: "s",
      Expiration: "2026-01-01T00:01:00Z",
    };
    const h = harness(
      { [`profile ${name}`]: { credential_process: "get-creds" } },
      { stored: [], processes: { "get-creds": JSON.stringify(expiring) } },
    );
    const engine = createEngine(tooLongFor(h, []));
    await expect(engine.getCredentials(h.plan(name), { minTtlSeconds: 300 })).rejects.toMatchObject({
      code: "CREDENTIALS_TOO_SHORT",
      data: { reason: "floor" },
    });
  });
});
