import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fileVault } from "./support/file-vault.js";
import { runCli, tempConfig } from "./support/test-io.js";

// Whatever the names, durations and config values: every stored item can be listed, read and removed again;
// what is refused leaves nothing behind; and no input is an internal error (exit 70).
const KEYS = { AWS_ACCESS_KEY_ID: "AKIAPROPERTY00000001", AWS_SECRET_ACCESS_KEY: "property-secret" };
const SEED = 20261130;

const name = fc.oneof(
  fc.string({ minLength: 1, maxLength: 24 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 12 }),
  fc.constantFrom(
    ".hidden",
    "a/b",
    "50%",
    "../x",
    "x,y,z",
    "dev #1",
    "prod;eu",
    "sts.AssumeRole,eA,,1",
    "ünï",
  ),
);

describe("properties over user input", () => {
  it("a profile name is stored, listed, read and removed again, or refused without a trace", async () => {
    await fc.assert(
      fc.asyncProperty(name, async (profile) => {
        const vault = fileVault();
        const { configFile, home } = tempConfig("");
        const run = (argv: string[]) => runCli(argv, { configFile, home, env: { ...vault.env, ...KEYS } });
        const added = await run(["add", "--env", "--no-add-config", profile]);
        expect([0, 1, 2]).toContain(added.code);
        const listed = (await run(["list", "--credentials"])).stdout;
        if (added.code !== 0) {
          expect(listed).toBe("");
          expect(Object.keys(vault.snapshot())).toEqual([]);
          return;
        }
        expect(listed).toBe(`${profile}\n`);
        const read = await run(["export", "--no-session", profile]);
        expect(read.stderr).toBe("");
        expect(read.stdout).toContain(`AWS_ACCESS_KEY_ID=${KEYS.AWS_ACCESS_KEY_ID}\n`);
        expect((await run(["remove", "-f", profile])).code).toBe(0);
        expect((await run(["list", "--credentials"])).stdout).toBe("");
        expect(Object.keys(vault.snapshot())).toEqual([]);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("a --duration is used or refused as a usage error, never an internal error", async () => {
    const vault = fileVault();
    const { configFile, home } = tempConfig("[profile jon]\nregion = eu-west-1\n");
    await runCli(["add", "--env", "jon"], { configFile, home, env: { ...vault.env, ...KEYS } });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("15m", "1h", "36h", "0s", "-1h", "1e9h")),
        async (duration) => {
          const r = await runCli(["export", "--no-session", "--duration", duration, "jon"], {
            configFile,
            home,
            env: vault.env,
          });
          expect([0, 2]).toContain(r.code);
          if (r.code === 2) expect(r.stderr).toContain("--duration");
        },
      ),
      { seed: SEED, numRuns: 80 },
    );
  });

  it("any config text: list --profiles and explain answer with 0, 1 or 2, never 70", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.string({ minLength: 1, maxLength: 10 }),
        async (text, target) => {
          const config = `[profile jon]\n${text}\n[profile x]\nsource_profile = jon\n${text}`;
          for (const argv of [
            ["list", "--profiles"],
            ["explain", target],
            ["explain", "x"],
          ]) {
            const r = await runCli(argv, { config });
            expect([0, 1, 2], r.stderr).toContain(r.code);
          }
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });
});
