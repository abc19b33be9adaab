// StrykerJS for `pnpm mutate`: scripts/mutate.mjs runs it from the repository's root under Node 22, once per part
// (VAULT_CLI_MUTATE_PART). Each part's mutants face that package's own tests only: a mutant in core has to be
// caught by core's tests, not by an end-to-end test that happens to pass through it. What is mutated, why some
// files are not, and the surviving mutants: docs/testing.md.
/**
 * These take the process's terminal and signals: the prompt on /dev/tty (driven through a pty in
 * built-prompt.test.ts and mfa-prompt.test.ts) and exec's child with its signal forwarding (exec-process.test.ts).
 * They run in the built binary's process only, out of Stryker's sight. (The report leaves them out too: an
 * incremental run would carry their results over from before they were left out.)
 */
export const OUT_OF_PROCESS = ["packages/cli/src/tty/tty-prompt.ts", "packages/cli/src/exec/spawn-child.ts"];

const PARTS = {
  core: {
    // The fakes are the tests' instruments (their own tests are counted apart).
    mutate: ["packages/core/src/**/*.ts", "!packages/core/src/testing/**"],
    testFiles: ["packages/core/test/**/*.test.ts"],
  },
  keystores: {
    mutate: ["packages/keystores/src/**/*.ts"],
    testFiles: ["packages/keystores/test/**/*.test.ts"],
  },
  cli: {
    // The thin entry runs only as the built bundle, in child processes Stryker cannot see (fast-path.test.ts).
    mutate: [
      "packages/cli/src/**/*.ts",
      "!packages/cli/src/main.ts",
      "!packages/cli/src/cli-main.ts",
      "!packages/cli/src/entry/**",
      ...OUT_OF_PROCESS.map((path) => `!${path}`),
    ],
    testFiles: ["packages/cli/test/**/*.test.ts"],
  },
};
const name = process.env.VAULT_CLI_MUTATE_PART ?? "core";
const part = PARTS[name];
if (!part) throw new Error(`VAULT_CLI_MUTATE_PART must be one of ${Object.keys(PARTS).join(", ")}`);

export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  // forks, as `pnpm test` runs them: some tests set process.umask(), which worker threads refuse.
  vitest: { configFile: "vitest.config.ts", related: true, pool: "forks" },
  // The packages resolve one another through node_modules links that a sandbox copy would lose.
  inPlace: true,
  // vitest does not type-check, so no `// @ts-nocheck` needs adding to every file.
  disableTypeChecks: false,
  coverageAnalysis: "perTest",
  // Mutants in module-level code (constant tables, regexes built at load) would each need every test run;
  // they are reported as ignored, not counted (docs/testing.md).
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20_000,
  timeoutFactor: 2,
  // A second run tests only the mutants whose code or tests changed.
  incremental: true,
  incrementalFile: `reports/mutation/${name}-incremental.json`,
  reporters: ["json", "progress"],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  testFiles: part.testFiles,
  // Barrels and type-only modules hold nothing to mutate.
  mutate: [...part.mutate, "!packages/*/src/**/index.ts", "!packages/*/src/**/types.ts"],
  thresholds: { high: 90, low: 75, break: null },
};
