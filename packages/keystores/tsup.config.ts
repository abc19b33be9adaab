import { defineConfig } from "tsup";
import { library } from "../../tsup.base.js";

// One entry per backend so each is importable on its own ("@vault-cli/keystores/file").
export default defineConfig(
  library({
    index: "src/index.ts",
    "file/index": "src/file/index.ts",
    "pass/index": "src/pass/index.ts",
    "keyctl/index": "src/keyctl/index.ts",
    "secret-service/index": "src/secret-service/index.ts",
    "keychain/index": "src/keychain/index.ts",
    "wincred/index": "src/wincred/index.ts",
    "kwallet/index": "src/kwallet/index.ts",
  }),
);
