// The file backend against an independent JOSE implementation (Debian python3-jwcrypto), driven by
// support/awsvault_file.py, which writes and reads files the way aws-vault's file backend does.

import { readdir } from "node:fs/promises";
import {
  credentialsLabel,
  encodeKeyringItem,
  encodeMasterCredentials,
  encodeSessionCredentials,
  formatSessionKey,
  SESSION_DESCRIPTION,
  sessionLabel,
} from "@vault-cli/core";
import { tempDir } from "@vault-cli/test-support";
import { beforeAll, describe, expect, it } from "vitest";
import { fileKeystore } from "../src/file/index.js";
import { deriveKeyMaterial } from "../src/file/key-material.js";
import {
  jwcryptoMissing,
  type PythonItem,
  readWithJwcrypto,
  writeLikeAwsVault,
} from "./support/python-jose.js";

beforeAll(() => {
  const missing = jwcryptoMissing();
  if (missing) throw new Error(missing);
});

const expiration = new Date("2026-01-01T00:00:00Z");
const sessionKey = formatSessionKey({
  type: "sts.GetSessionToken",
  profile: "alice",
  serial: "arn:aws:iam::111122223333:mfa/alice",
  expiration,
});
const ITEMS: PythonItem[] = [
  {
    key: "alice",
    data: encodeMasterCredentials({
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalr/K7MDENG+bPxRfiCY",
    }),
    label: credentialsLabel("alice"),
    notTrust: true,
  },
  {
    key: sessionKey,
    data: encodeSessionCredentials({
      accessKeyId: "ASIAX",
      secretAccessKey: "s",
      sessionToken: "t",
      expiration,
    }),
    label: sessionLabel("alice", expiration),
    description: SESSION_DESCRIPTION,
  },
  { key: "dev/admin", data: "{}", label: credentialsLabel("dev/admin"), notTrust: true },
  { key: "prøfil <&> 100%", data: "ünïcødé 🚀", label: credentialsLabel("prøfil <&> 100%"), notTrust: true },
  { key: "oidc:https://example.awsapps.com/start", data: '{"Token":{}}', label: "aws-vault oidc token" },
];

describe("file backend and jwcrypto (aws-vault's format)", () => {
  it("reads what aws-vault writes", async () => {
    const dir = tempDir();
    writeLikeAwsVault(dir, "correct horse", ITEMS);
    const store = fileKeystore({ dir, passphrase: () => "correct horse" });
    expect(await store.keys()).toEqual(
      ITEMS.map((i) => i.key).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    );
    for (const item of ITEMS) expect(await store.get(item.key)).toBe(item.data);
  });

  it.each([8192, 600_000])("writes (p2c %i) the exact items aws-vault expects", async (iterations) => {
    const dir = tempDir();
    const store = fileKeystore({ dir, passphrase: () => "correct horse", iterations });
    for (const item of ITEMS) {
      await store.set(item.key, item.data, { label: item.label ?? "", description: item.description ?? "" });
    }
    const entries = readWithJwcrypto(dir, "correct horse");
    expect(entries.map((e) => e.file).sort()).toEqual((await readdir(dir)).sort());
    expect(entries).toHaveLength(ITEMS.length);
    for (const entry of entries) {
      expect(entry.error).toBeUndefined();
      expect(entry.trailingNewline).toBe(false);
      expect(entry.nameMatchesKey).toBe(true);
      expect(entry.payload).toBe(entry.awsVaultPayload); // what Go's json.Marshal(keyring.Item) gives
      expect(entry.p2sBytes).toBe(12);
      expect(JSON.parse(entry.header!)).toMatchObject({
        alg: "PBES2-HS256+A128KW",
        enc: "A256GCM",
        p2c: iterations,
      });
      const item = ITEMS.find((i) => i.data === entry.data)!;
      expect(entry.payload).toBe(
        encodeKeyringItem({
          key: item.key,
          data: item.data,
          label: item.label,
          description: item.description,
        }),
      );
    }
  });

  it("reads the items written with an agent's keys (no passphrase), header as jose writes it", async () => {
    const dir = tempDir();
    writeLikeAwsVault(dir, "correct horse", ITEMS.slice(0, 1));
    const material = await deriveKeyMaterial(dir, Buffer.from("correct horse"), 8192);
    const noPassphrase = () => {
      throw new Error("the passphrase was asked");
    };
    const store = fileKeystore({ dir, passphrase: noPassphrase, keyMaterial: async () => material });
    for (const item of ITEMS.slice(1)) {
      await store.set(item.key, item.data, { label: item.label ?? "", description: item.description ?? "" });
    }
    const entries = readWithJwcrypto(dir, "correct horse");
    expect(entries).toHaveLength(ITEMS.length);
    for (const entry of entries) {
      expect(entry.error).toBeUndefined();
      expect(entry.payload).toBe(entry.awsVaultPayload);
      const item = ITEMS.find((i) => i.data === entry.data)!;
      expect(entry.payload).toBe(
        encodeKeyringItem({
          key: item.key,
          data: item.data,
          label: item.label,
          description: item.description,
        }),
      );
    }
    const written = entries.filter((e) => e.file !== entries.find((x) => x.data === ITEMS[0]!.data)!.file);
    const p2s = Buffer.from(material.write.p2s).toString("base64url");
    for (const entry of written) {
      expect(Object.keys(JSON.parse(entry.header!))).toEqual(["alg", "created", "enc", "p2c", "p2s"]);
      expect(JSON.parse(entry.header!)).toMatchObject({
        alg: "PBES2-HS256+A128KW",
        enc: "A256GCM",
        p2c: 8192,
        p2s,
      });
    }
  });

  it("agrees with jwcrypto that a wrong passphrase opens nothing", async () => {
    const dir = tempDir();
    await fileKeystore({ dir, passphrase: () => "right", iterations: 8192 }).set("alice", "x");
    const [entry] = readWithJwcrypto(dir, "wrong");
    expect(entry?.error).toMatch(/Decryption failed|InvalidJWEData/);
  });
});
