// `pnpm test`'s runner (scripts/test.mjs) on probe files: its last line and exit status for a passing file, and
// for failures vitest reports outside any test. The probes run through the real runner, under this Node only,
// without the lint, typecheck and build stages.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;

function runProbe(name: string) {
  const dir = tempDir("runner-probe");
  const result = spawnSync(
    process.execPath,
    [
      "scripts/test.mjs",
      "--config",
      "test/runner/probes/vitest.config.ts",
      `test/runner/probes/${name}.probe.ts`,
    ],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? dir,
        TMPDIR: dir,
        VAULT_CLI_TEST_NODES: "",
        VAULT_CLI_TEST_STAGES: "none",
        VAULT_CLI_TEST_REPORT: join(dir, "report.json"),
      },
    },
  );
  const lines = result.stdout.trim().split("\n");
  return { code: result.status, last: lines.at(-1), output: result.stdout + result.stderr };
}

describe("scripts/test.mjs", () => {
  it("a passing file: '1 passed, 0 failed', exit 0", () => {
    expect(runProbe("passes")).toMatchObject({ code: 0, last: "1 passed, 0 failed" });
  }, 60_000);

  it("counts a passing test of a test fake apart: the last line counts product tests only", () => {
    const run = runProbe("fake-and-product");
    expect(run).toMatchObject({ code: 0, last: "1 passed, 0 failed" });
    expect(run.output).toContain("(and 1 tests of test fakes passed)");
  }, 60_000);

  it.each([
    ["after-all-throws", "an afterAll that throws"],
    ["unhandled-rejection", "an unhandled rejection"],
    ["runs-nothing", "a file that runs no test"],
  ])(
    "%s: %s fails the run, and the last line says so",
    (name) => {
      const run = runProbe(name);
      expect(run.code).toBe(1);
      expect(run.last).toMatch(/^\d+ passed, [1-9]\d* failed$/);
    },
    60_000,
  );
});
