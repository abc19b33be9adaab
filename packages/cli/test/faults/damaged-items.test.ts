import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertBuilt, type Moto, startMoto, vaultHome } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keysDirSnapshot } from "./snapshot.js";

// A damaged cache item is a cache miss (as in aws-vault): warned about once, naming the file, and replaced by
// new credentials. A damaged long-term key is an error naming the file, and is never overwritten.
const CONFIG = "[profile jon]\nregion = us-east-1\n";
const JON = { accessKeyId: "AKIAJONDAMAGED000001", secretAccessKey: "jon-secret" };

let moto: Moto;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ record: true });
});
afterAll(() => moto?.stop());

const truncate = (path: string) => writeFileSync(path, readFileSync(path, "utf8").slice(0, 40));
const sessionFiles = (dir: string) => readdirSync(dir).filter((name) => name.startsWith("sts."));

describe("damaged keystore items", () => {
  it("a truncated session item: a warning naming the file, new credentials, the item replaced", async () => {
    const user = vaultHome(moto.url, CONFIG);
    await user.storeKeys("jon", JON);
    expect(user.vault(["export", "--format=json", "jon"]).stderr).toBe("");
    const [damaged] = sessionFiles(user.keysDir);
    truncate(join(user.keysDir, damaged!));
    const calls = await moto.count("GetSessionToken");

    const r = user.vault(["export", "--format=json", "jon"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
    const warnings = r.stderr.split("\n").filter(Boolean);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(
        `^vault-cli: warning: '${join(user.keysDir, damaged!)}' is .*; it is skipped and will be replaced$`,
      ),
    );
    expect(await moto.count("GetSessionToken")).toBe(calls + 1);
    const [replacement] = sessionFiles(user.keysDir);
    expect(user.vault(["export", "--format=json", "jon"]).stderr).toBe(""); // the new item reads back
    expect(sessionFiles(user.keysDir)).toEqual([replacement]);
  });

  it("a truncated long-term key: an error naming the file, which is left as it was", async () => {
    const user = vaultHome(moto.url, CONFIG);
    await user.storeKeys("jon", JON);
    truncate(join(user.keysDir, "jon"));
    const before = keysDirSnapshot(user.keysDir);
    const r = user.vault(["export", "jon"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^vault-cli: error: export: '${join(user.keysDir, "jon")}' is `));
    expect(keysDirSnapshot(user.keysDir)).toEqual(before);
  });
});
