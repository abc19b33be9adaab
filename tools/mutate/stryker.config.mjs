// StrykerJS for `pnpm mutate` (scripts/mutate.mjs runs it from the repository's root under Node 22).
// What is mutated, why some files are not, and the surviving mutants are in docs/testing.md.
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.config.ts", related: true },
  // The packages resolve one another through node_modules links that a sandbox copy would lose.
  inPlace: true,
  // vitest does not type-check, so no `// @ts-nocheck` needs adding to every file.
  disableTypeChecks: false,
  coverageAnalysis: "perTest",
  // Mutants in module-level code (constant tables, regexes built at load) would need every test run
  // for each one; they are reported as ignored, not counted (docs/testing.md).
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20_000,
  timeoutFactor: 2,
  // Re-running after a change tests only the mutants whose code or tests changed.
  incremental: true,
  incrementalFile: "reports/mutation/incremental.json",
  reporters: ["clear-text", "json", "progress"],
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  // The packages' own tests (test/ at the root checks the runner and the release, not behaviour).
  testFiles: ["packages/*/test/**/*.test.ts"],
  mutate: [
    "packages/core/src/**/*.ts",
    // The fakes are the tests' instruments (their contract tests are counted apart).
    "!packages/core/src/testing/**",
    "packages/keystores/src/**/*.ts",
    "packages/cli/src/**/*.ts",
    // The thin entry runs only as the built bundle, in child processes Stryker cannot see (fast-path.test.ts).
    "!packages/cli/src/main.ts",
    "!packages/cli/src/cli-main.ts",
    "!packages/cli/src/entry/**",
    // Barrels and type-only modules hold nothing to mutate.
    "!packages/*/src/**/index.ts",
    "!packages/*/src/**/types.ts",
  ],
  thresholds: { high: 90, low: 75, break: null },
};
