import { defineConfig } from "tsup";

export default defineConfig({
  // One entry per backend so each is importable on its own ("@vault-cli/keystores/file").
  entry: {
    index: "src/index.ts",
    "file/index": "src/file/index.ts",
    "pass/index": "src/pass/index.ts",
    "keyctl/index": "src/keyctl/index.ts",
  },
  format: ["esm"],
  target: "node20",
  dts: true,
  clean: true,
  sourcemap: true,
});
