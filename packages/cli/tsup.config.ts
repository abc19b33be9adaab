import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

// One CommonJS entry: it starts a few ms faster than ESM on Node 20 (reference/dependencies.md §7).
// Workspace packages are bundled in; anything heavy must stay behind a lazy require().
export default defineConfig({
  entry: { main: "src/main.ts" },
  format: ["cjs"],
  outExtension: () => ({ js: ".cjs" }),
  target: "node20",
  platform: "node",
  noExternal: [/^@vault-cli\//],
  clean: true,
  sourcemap: true,
  banner: { js: "#!/usr/bin/env node" },
  define: { __VAULT_CLI_VERSION__: JSON.stringify(version) },
});
