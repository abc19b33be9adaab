import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine/get-credentials.js";
import { VaultError } from "../../src/errors.js";
import { userAndRole } from "../chain/decision-table-rows.js";
import { M } from "../chain/hop-shape.js";
import { harness } from "./engine-harness.js";

describe("getCredentials: MFA codes", () => {
  it("mfa_process supplies the code (trimmed) instead of the prompt", async () => {
    const h = harness(
      { "profile U": { mfa_serial: M, mfa_process: "ykman oath code" } },
      {
        processes: { "ykman oath code": " 424242\n" },
      },
    );
    await h.get("U");
    expect(h.calls()).toEqual([`GetSessionToken U 3600s [${M}:424242] <- AKIAU`]);
    expect(h.mfaPrompt.prompts).toEqual([]);
  });

  it("--mfa-token wins over mfa_process", async () => {
    const h = harness({ "profile U": { mfa_serial: M, mfa_process: "ykman oath code" } });
    await h.get("U", { mfaToken: "777777" });
    expect(h.calls()).toEqual([`GetSessionToken U 3600s [${M}:777777] <- AKIAU`]);
    expect(h.runProcess.runs).toEqual([]);
  });

  it("Ctrl-C at the prompt writes nothing, and the next run asks again", async () => {
    const interrupted = new VaultError("INTERRUPTED", "interrupted");
    const h = harness(userAndRole(M, M), { codes: [interrupted, "2"] });
    await expect(h.get("R")).rejects.toMatchObject({ code: "INTERRUPTED" });
    expect(h.sts.calls).toEqual([]);
    expect(await h.sessionKeys()).toEqual([]);
    await h.get("R");
    expect(h.mfaPrompt.prompts).toHaveLength(2);
  });

  it("chained MFA sends no code", async () => {
    const h = harness(userAndRole(M, M), { codes: ["1"] });
    await h.get("R");
    expect(h.sts.calls[1]).not.toHaveProperty("mfa");
  });
});

describe("getCredentials: stored keys", () => {
  it("names the profile and the keystore when the keys are missing (the hint is the edge's)", async () => {
    const h = harness({ "profile U": {} }, { stored: [] });
    const plan = h.plan("U", { storedProfiles: new Set(["U"]) });
    await expect(createEngine(h.deps).getCredentials(plan, { minTtlSeconds: 300 })).rejects.toMatchObject({
      code: "CREDENTIALS_MISSING",
      profile: "U",
      message: "profile 'U' has no stored credentials in the memory keystore",
      data: { backend: "memory" },
    });
  });
});
