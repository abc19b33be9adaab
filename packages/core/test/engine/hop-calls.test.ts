import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine/get-credentials.js";
import { VaultError } from "../../src/errors.js";
import { harness } from "./engine-harness.js";

const ROLE = "arn:aws:iam::111111111111:role/R";
const webIdentity = { "profile W": { role_arn: ROLE, web_identity_token_file: "/token" } };

describe("getCredentials: the role session name sent to STS", () => {
  it("defaults to the current time in Unix nanoseconds, as aws-vault", async () => {
    const h = harness({ "profile R": { role_arn: ROLE, source_profile: "U" } });
    await h.get("R");
    expect(h.sts.calls.at(-1)).toMatchObject({
      action: "AssumeRole",
      roleSessionName: "1767225600000000000",
    });
  });

  it("is '0' at the Unix epoch", async () => {
    const h = harness({ "profile R": { role_arn: ROLE, source_profile: "U" } });
    h.clock.set(0);
    await h.get("R");
    expect(h.sts.calls.at(-1)).toMatchObject({ roleSessionName: "0" });
  });

  it("is role_session_name when the profile sets one", async () => {
    const h = harness({ "profile R": { role_arn: ROLE, source_profile: "U", role_session_name: "me" } });
    await h.get("R");
    expect(h.sts.calls.at(-1)).toMatchObject({ roleSessionName: "me" });
  });

  it("defaults for AssumeRoleWithWebIdentity too, sending the token file's content", async () => {
    const h = harness(webIdentity, { stored: [], files: { "/token": "jwt\n" } });
    await h.get("W");
    expect(h.sts.calls).toEqual([
      expect.objectContaining({
        action: "AssumeRoleWithWebIdentity",
        roleSessionName: "1767225600000000000",
        webIdentityToken: "jwt\n",
      }),
    ]);
  });
});

describe("getCredentials: web identity token sources that fail", () => {
  it("an unreadable token file is PROCESS_FAILED naming the file and the error code", async () => {
    const h = harness(webIdentity, { stored: [] });
    const missing = Object.assign(new Error("no such file"), { code: "ENOENT" });
    const engine = createEngine({ ...h.deps, readTextFile: () => Promise.reject(missing) });
    await expect(engine.getCredentials(h.plan("W"), { minTtlSeconds: 300 })).rejects.toMatchObject({
      code: "PROCESS_FAILED",
      profile: "W",
      cause: missing,
      data: { setting: "web_identity_token_file" },
      message: "web_identity_token_file of profile 'W' cannot be read: /token: ENOENT",
    });
    expect(h.sts.calls).toEqual([]);
  });

  it("an error without a code is named by its text", async () => {
    const h = harness(webIdentity, { stored: [] });
    const engine = createEngine({ ...h.deps, readTextFile: () => Promise.reject(new Error("boom")) });
    await expect(engine.getCredentials(h.plan("W"), { minTtlSeconds: 300 })).rejects.toMatchObject({
      message: "web_identity_token_file of profile 'W' cannot be read: /token: Error: boom",
    });
  });

  it("a failing web_identity_token_process names that setting and its program", async () => {
    const h = harness(
      { "profile W": { role_arn: ROLE, web_identity_token_process: "get-token --secret" } },
      { stored: [], processes: { "get-token --secret": new VaultError("PROCESS_FAILED", "exit 2") } },
    );
    await expect(h.get("W")).rejects.toMatchObject({
      code: "PROCESS_FAILED",
      data: { setting: "web_identity_token_process" },
      message: "web_identity_token_process of profile 'W' ('get-token') failed: exit 2",
    });
  });
});

describe("getCredentials: stored keys and mfa_process failures", () => {
  it("a damaged stored item is KEYSTORE_CORRUPT naming whose credentials", async () => {
    const h = harness({ "profile U": {} }, { extraItems: { U: "not json" } });
    await expect(h.get("U")).rejects.toMatchObject({
      code: "KEYSTORE_CORRUPT",
      message: "credentials of 'U' is not a JSON object",
    });
  });

  it("a failing mfa_process names the setting, and no STS call is made", async () => {
    const h = harness(
      { "profile U": { mfa_serial: "arn:aws:iam::1:mfa/u", mfa_process: "otp" } },
      { processes: { otp: new VaultError("PROCESS_FAILED", "exit 1") } },
    );
    await expect(h.get("U")).rejects.toMatchObject({
      code: "PROCESS_FAILED",
      data: { setting: "mfa_process" },
      message: "mfa_process of profile 'U' ('otp') failed: exit 1",
    });
    expect(h.calls()).toEqual([]);
  });
});
