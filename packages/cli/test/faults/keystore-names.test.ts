import { readdirSync } from "node:fs";
import { assertBuilt, type Moto, startMoto, vaultHome } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Names the file keystore cannot hold are found before any work is spent on them.
const LONG_SERIAL = `arn:aws:iam::123456789012:mfa/${"m".repeat(220)}`;
const CONFIG = `[profile jon]
region = us-east-1
mfa_serial = ${LONG_SERIAL}
mfa_process = $MFA
`;
const JON = { accessKeyId: "AKIAJONNAMES00000001", secretAccessKey: "jon-secret" };

let moto: Moto;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ record: true });
});
afterAll(() => moto?.stop());

describe("keystore names", () => {
  it("a session key too long for a file name: a warning, the credentials, and no item (nor a wasted code)", async () => {
    const user = vaultHome(moto.url, CONFIG);
    await user.storeKeys("jon", JON);
    const r = user.vault(["export", "--format=json", "jon"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
    expect(r.stderr).toBe(
      "vault-cli: warning: GetSessionToken of profile 'jon' is not cached: the file keystore cannot hold its item " +
        "(its file name would be longer than 255 bytes)\n",
    );
    expect(user.mfaRuns()).toBe(1);
    expect(readdirSync(user.keysDir)).toEqual(["jon"]);
  });

  it("a profile name starting with '.' is refused by the file keystore, so it never becomes unreachable", async () => {
    const user = vaultHome(moto.url, "");
    const r = user.vault(["add", "--env", ".hidden"], {
      AWS_ACCESS_KEY_ID: JON.accessKeyId,
      AWS_SECRET_ACCESS_KEY: JON.secretAccessKey,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vault-cli: error: add: cannot store '.hidden' in the file keystore: it starts with '.' (the keystore's own hidden files do)\n",
    );
    expect(user.vault(["list", "--credentials"]).stdout).toBe("");
  });
});
