// Child process for keyctl scope tests that need their own session keyring (`keyctl session -`).
// argv: <scope> <keyring name>. Prints one JSON line: what it read back, or the error it got.
import { isVaultError } from "@vault-cli/core";
import { keyctlKeystore } from "../../src/keyctl/index.js";

const [scope, keyringName] = process.argv.slice(2) as [string, string];
try {
  const store = keyctlKeystore({ scope, keyringName });
  await store.set("alice", "secret from a child");
  const result = {
    value: await store.get("alice"),
    keys: await store.keys(),
    removed: await store.remove("alice"),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  const code = isVaultError(error) ? error.code : "UNEXPECTED";
  process.stdout.write(`${JSON.stringify({ error: { code, message: (error as Error).message } })}\n`);
}
