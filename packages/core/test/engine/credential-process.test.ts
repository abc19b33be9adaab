import { describe, expect, it } from "vitest";
import { VaultError } from "../../src/errors.js";
import { harness } from "./engine-harness.js";

const spec = { "profile P": { credential_process: "get-creds" } };
const run = (output: string | Error) => harness(spec, { stored: [], processes: { "get-creds": output } });

describe("getCredentials: credential_process", () => {
  it("accepts long-term keys (no SessionToken, no Expiration) and does not cache them", async () => {
    const h = run(JSON.stringify({ Version: 1, AccessKeyId: "AKIAPROC", SecretAccessKey: "s" }));
    expect(await h.get("P")).toEqual({ accessKeyId: "AKIAPROC", secretAccessKey: "s" });
    await h.get("P");
    expect(h.runProcess.runs).toHaveLength(2);
    expect(await h.sessionKeys()).toEqual([]);
  });

  it("reads field names case-insensitively, as aws-vault", async () => {
    const h = run(
      '{"version":1,"accesskeyid":"A","secretaccesskey":"s","expiration":"2026-01-01T02:00:00Z"}',
    );
    expect(await h.get("P")).toMatchObject({
      accessKeyId: "A",
      expiration: new Date("2026-01-01T02:00:00Z"),
    });
  });

  it("garbage: PROCESS_FAILED naming the profile, without echoing the output", async () => {
    const h = run("AKIASECRET oops");
    const error = await h.get("P").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PROCESS_FAILED", profile: "P" });
    expect((error as Error).message).toContain("profile 'P'");
    expect((error as Error).message).not.toContain("AKIASECRET");
  });

  it("missing fields are listed by name", async () => {
    const h = run(JSON.stringify({ SessionToken: "secret-token" }));
    await expect(h.get("P")).rejects.toMatchObject({
      code: "PROCESS_FAILED",
      message: "credential_process of profile 'P' printed JSON missing Version, AccessKeyId, SecretAccessKey",
    });
  });

  it("an unsupported Version or a bad Expiration is refused", async () => {
    const v2 = run(JSON.stringify({ Version: 2, AccessKeyId: "A", SecretAccessKey: "s" }));
    await expect(v2.get("P")).rejects.toMatchObject({ message: expect.stringContaining("Version") });
    const bad = run(
      JSON.stringify({ Version: 1, AccessKeyId: "A", SecretAccessKey: "s", Expiration: "soon" }),
    );
    await expect(bad.get("P")).rejects.toMatchObject({ message: expect.stringContaining("Expiration") });
  });

  it("a failed exit: PROCESS_FAILED naming the profile, the cause kept", async () => {
    const exit = new VaultError("PROCESS_FAILED", "command exited with status 3");
    const h = run(exit);
    await expect(h.get("P")).rejects.toMatchObject({
      code: "PROCESS_FAILED",
      profile: "P",
      message: "credential_process of profile 'P' ('get-creds') failed: command exited with status 3",
      cause: exit,
    });
  });
});
