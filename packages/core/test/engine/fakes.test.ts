import { describe, expect, it } from "vitest";
import { fakeClock, fakeSts, memoryLock, scriptedMfa } from "../../src/testing/index.js";

describe("testing fakes", () => {
  it("memoryLock runs holders of one name one at a time, in order, even after a failure", async () => {
    const lock = memoryLock();
    const log: string[] = [];
    const hold = (id: string, fail = false) =>
      lock({ name: "k", label: "the k item" }, async () => {
        log.push(`${id} in`);
        await Promise.resolve();
        log.push(`${id} out`);
        if (fail) throw new Error(id);
        return id;
      });
    const results = await Promise.allSettled([hold("a"), hold("b", true), hold("c")]);
    expect(log).toEqual(["a in", "a out", "b in", "b out", "c in", "c out"]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(lock.acquisitions).toEqual(["k", "k", "k"]);
  });

  it("fakeSts issues credentials expiring after the duration, by the fake clock", async () => {
    const clock = fakeClock("2026-01-01T00:00:00Z");
    const sts = fakeSts({ clock });
    clock.advance(60_000);
    const credentials = await sts.getSessionToken({
      profile: "U",
      credentials: { accessKeyId: "AKIAU", secretAccessKey: "s" },
      durationSeconds: 900,
    });
    expect(credentials.expiration).toEqual(new Date("2026-01-01T00:16:00Z"));
    expect(sts.calls).toEqual([
      { action: "GetSessionToken", profile: "U", durationSeconds: 900, credentialsUsed: "AKIAU" },
    ]);
  });

  it("scriptedMfa fails an unexpected prompt", async () => {
    const prompt = scriptedMfa([]);
    await expect(prompt({ profile: "U", mfaSerial: "m" })).rejects.toThrow(/unexpected prompt/);
  });
});
