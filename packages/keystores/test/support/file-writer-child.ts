// Child process for the crash test: writes one item over and over until it is killed.
// argv: <dir> <key>; the passphrase comes in the environment, never in argv.
import { fileKeystore } from "../../src/file/index.js";

const [dir, key] = process.argv.slice(2) as [string, string];
const store = fileKeystore({
  dir,
  passphrase: () => process.env.TEST_FILE_PASSPHRASE ?? "",
  iterations: 1000,
});
const padding = "p".repeat(256 * 1024); // a large item keeps each write in flight for a while

for (let n = 1; ; n++) {
  await store.set(key, `v${n}:${padding}`);
  process.stdout.write(`wrote ${n}\n`);
}
