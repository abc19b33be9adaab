import { assertBuilt, type Moto, startMoto, vaultHome } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A removed key's children stop being served: the role sessions it made go with it.
const CONFIG = `[profile jon]
region = us-east-1

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/admin
region = us-east-1
`;

let moto: Moto;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto();
});
afterAll(() => moto?.stop());

describe("remove", () => {
  it("takes the role sessions the keys made with it: the role is not served from the cache afterwards", async () => {
    const user = vaultHome(moto.url, CONFIG);
    await user.storeKeys("jon", { accessKeyId: "AKIAJONREMOVED000001", secretAccessKey: "jon-secret" });
    expect(user.vault(["export", "--format=json", "admin"]).code).toBe(0);
    expect(user.vault(["list", "--sessions"]).stdout).toMatch(/^sts\.AssumeRole:\S+\n$/);
    expect(user.vault(["remove", "-f", "jon"]).stdout).toBe(
      "Deleted credentials.\nDeleted 1 existing sessions.\n",
    );
    const after = user.vault(["export", "--format=json", "admin"]);
    expect(after.code).toBe(1);
    expect(after.stdout).toBe("");
    expect(after.stderr).toContain("profile 'jon' has no credentials");
  });
});
