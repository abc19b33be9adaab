// Measures the file backend (not a test: numbers only, printed as JSON lines).
//   npx tsup packages/keystores/test/bench/measure-file.ts --no-config --format esm --platform node \
//     --tsconfig tsconfig.json -d /tmp/vault-cli-measure && node /tmp/vault-cli-measure/measure-file.mjs [items]
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeMasterCredentials } from "@vault-cli/core";
import { fileKeystore } from "../../src/file/index.js";
import { decryptToken, encryptToken } from "../../src/file/jwe.js";

const passphrase = Buffer.from("correct horse battery staple");
const payload = JSON.stringify({ Key: "alice", Data: Buffer.from("x".repeat(200)).toString("base64") });
const round = (value: number) => Math.round(value * 100) / 100;
const ms = (start: number) => round(performance.now() - start);
const print = (record: object) => process.stdout.write(`${JSON.stringify(record)}\n`);

async function perIterationCount(): Promise<void> {
  for (const p2c of [8192, 100_000, 310_000, 600_000, 1_300_000]) {
    const rounds = p2c > 200_000 ? 5 : 20;
    let encryptMs = 0;
    let decryptMs = 0;
    for (let i = 0; i <= rounds; i++) {
      const t0 = performance.now();
      const token = await encryptToken(payload, passphrase, { iterations: p2c, created: "bench" });
      const t1 = performance.now();
      const result = await decryptToken(token, passphrase);
      if (!result.ok) throw new Error("decrypt failed");
      if (i > 0) [encryptMs, decryptMs] = [encryptMs + t1 - t0, decryptMs + performance.now() - t1];
    }
    print({ p2c, encryptMs: round(encryptMs / rounds), decryptMs: round(decryptMs / rounds) });
  }
}

async function thousandItems(count: number, iterations: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "vault-cli-measure-"));
  try {
    const writer = fileKeystore({ dir, passphrase: () => "pw", iterations });
    const data = encodeMasterCredentials({
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "s".repeat(40),
    });
    let t = performance.now();
    for (let i = 0; i < count; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, count - i) }, (_, k) => writer.set(`profile-${i + k}`, data)),
      );
    }
    const writeMs = ms(t);
    const reader = fileKeystore({ dir, passphrase: () => "pw" });
    t = performance.now();
    const keys = await reader.keys();
    const keysMs = ms(t);
    t = performance.now();
    for (const key of keys) await reader.get(key);
    const readAllSequentialMs = ms(t);
    t = performance.now();
    await Promise.all(keys.map((key) => reader.get(key)));
    const readAllConcurrentMs = ms(t);
    print({ items: keys.length, p2c: iterations, writeMs, keysMs, readAllSequentialMs, readAllConcurrentMs });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function importCost(): void {
  const module = join(process.cwd(), "packages/keystores/dist/file/index.js"); // run from the repository root
  const time = (args: string[]) => {
    const runs = Array.from({ length: 7 }, () => {
      const t = performance.now();
      execFileSync(process.execPath, args);
      return performance.now() - t;
    }).sort((a, b) => a - b);
    return round(runs[3]!);
  };
  const empty = time(["-e", "0"]);
  const withFile = time(["--input-type=module", "-e", `await import(${JSON.stringify(module)})`]);
  print({ nodeEmptyMs: empty, importFileBackendMs: withFile, ratio: round(withFile / empty) });
}

const count = Number(process.argv[2] ?? 1000);
await perIterationCount();
await thousandItems(count, 8192);
await thousandItems(count, 600_000);
importCost();
