import { describe, expect, it } from "vitest";
import { harness } from "./engine-harness.js";

const printing = (output: Record<string, unknown>) =>
  harness(
    { "profile P": { credential_process: "get-creds" } },
    { stored: [], processes: { "get-creds": JSON.stringify({ Version: 1, ...output }) } },
  );

describe("getCredentials: credential_process output edge cases", () => {
  it.each([
    ["AccessKeyId", { AccessKeyId: 5, SecretAccessKey: "s" }],
    ["SecretAccessKey", { AccessKeyId: "A", SecretAccessKey: true }],
  ])("a %s that is not a string is refused", async (_field, output) => {
    await expect(printing(output).get("P")).rejects.toMatchObject({
      code: "PROCESS_FAILED",
      profile: "P",
      message:
        "credential_process of profile 'P' printed AccessKeyId or SecretAccessKey that is not a string",
    });
  });

  it("an Expiration that is not a string is refused as not an RFC 3339 time", async () => {
    await expect(
      printing({ AccessKeyId: "A", SecretAccessKey: "s", Expiration: 1767229200 }).get("P"),
    ).rejects.toMatchObject({
      code: "PROCESS_FAILED",
      message: "credential_process of profile 'P' printed an Expiration that is not an RFC 3339 time",
    });
  });

  it.each([
    ["empty", ""],
    ["null", null],
    ["a number", 7],
  ])("a SessionToken that is %s is left out", async (_what, sessionToken) => {
    expect(
      await printing({ AccessKeyId: "A", SecretAccessKey: "s", SessionToken: sessionToken }).get("P"),
    ).toEqual({ accessKeyId: "A", secretAccessKey: "s" });
  });

  it.each([
    ["empty", ""],
    ["null", null],
  ])("an Expiration that is %s means long-term keys", async (_what, expiration) => {
    expect(
      await printing({
        AccessKeyId: "A",
        SecretAccessKey: "s",
        SessionToken: "t",
        Expiration: expiration,
      }).get("P"),
    ).toEqual({ accessKeyId: "A", secretAccessKey: "s", sessionToken: "t" });
  });

  it("an empty or null required field counts as missing", async () => {
    await expect(printing({ AccessKeyId: "", SecretAccessKey: null }).get("P")).rejects.toMatchObject({
      message: "credential_process of profile 'P' printed JSON missing AccessKeyId, SecretAccessKey",
    });
  });
});
