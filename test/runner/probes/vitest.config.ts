import { defineConfig } from "vitest/config";

// The probes are run only by test/runner/runner.test.ts, through scripts/test.mjs, one at a time.
export default defineConfig({
  test: { include: ["**/*.probe.ts"], testTimeout: 30_000 },
});
