import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine/get-credentials.js";
import { userAndRole } from "../chain/decision-table-rows.js";
import { M } from "../chain/hop-shape.js";
import { harness } from "./engine-harness.js";

const twenty = Array.from({ length: 20 }, (_, index) => index);

describe("getCredentials: single flight", () => {
  it("20 concurrent calls on a cold cache make one GetSessionToken and ask one code", async () => {
    const h = harness({ "profile U": { mfa_serial: M } }, { codes: ["1"] });
    const results: { accessKeyId: string }[] = await Promise.all(twenty.map(() => h.get("U")));
    expect(h.calls()).toEqual([`GetSessionToken U 3600s [${M}:1] <- AKIAU`]);
    expect(h.mfaPrompt.prompts).toHaveLength(1);
    expect(new Set(results.map((c) => c.accessKeyId))).toEqual(new Set(["ASIAFAKE0001"]));
  });

  it("20 engines (as 20 processes) sharing keystore and lock: one call per hop, one prompt", async () => {
    const h = harness(userAndRole(M, M), { codes: ["1"] });
    const engines = twenty.map(() => createEngine(h.deps));
    const plan = h.plan("R");
    const results = await Promise.all(
      engines.map((engine) => engine.getCredentials(plan, { minTtlSeconds: 300 })),
    );
    expect(h.calls()).toEqual([
      `GetSessionToken U 28800s [${M}:1] <- AKIAU`,
      "AssumeRole R R 3600s <- ASIAFAKE0001",
    ]);
    expect(h.mfaPrompt.prompts).toHaveLength(1);
    expect(new Set(results.map((c) => c.accessKeyId))).toEqual(new Set(["ASIAFAKE0002"]));
  });

  it("a failed flight is not remembered: the next call tries again", async () => {
    const interrupted = Object.assign(new Error("interrupted"), { code: "INTERRUPTED" });
    const h = harness({ "profile U": { mfa_serial: M } }, { codes: [interrupted, "2"] });
    const first = await Promise.allSettled([h.get("U"), h.get("U")]);
    expect(first.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    await h.get("U");
    expect(h.calls()).toEqual([`GetSessionToken U 3600s [${M}:2] <- AKIAU`]);
  });
});
