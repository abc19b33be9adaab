import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@vault-cli\/core\/testing$/, replacement: src("core/src/testing/index.ts") },
      { find: /^@vault-cli\/core$/, replacement: src("core/src/index.ts") },
      { find: /^@vault-cli\/keystores\/(.+)$/, replacement: src("keystores/src/$1/index.ts") },
      { find: /^@vault-cli\/keystores$/, replacement: src("keystores/src/index.ts") },
      { find: /^@vault-cli\/sdk-provider$/, replacement: src("sdk-provider/src/index.ts") },
      { find: /^@vault-cli\/test-support$/, replacement: src("test-support/src/index.ts") },
    ],
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    // Each test file removes the temp dirs it made (test-support's tempDir).
    setupFiles: [src("test-support/src/setup.ts")],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
