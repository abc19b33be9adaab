import { assertBuilt, type Moto, type MotoUser, startMoto, vaultHome } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// moto in auth mode: after the set-up calls, every request must be signed by keys moto issued.
let moto: Moto;
let alice: MotoUser;
let deployArn: string;
let lockedArn: string;

beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ auth: 5, record: true });
  alice = await moto.createUser("alice");
  deployArn = await moto.createRole("Deploy", alice.arn);
  lockedArn = await moto.createRole("Locked", "arn:aws:iam::123456789012:user/bob");
});
afterAll(() => moto?.stop());

function setup(keys: { accessKeyId: string; secretAccessKey: string }) {
  const config = [
    "[profile alice]",
    "region = us-east-1",
    "[profile deploy]",
    "source_profile = alice",
    `role_arn = ${deployArn}`,
    "[profile locked]",
    "source_profile = alice",
    `role_arn = ${lockedArn}`,
  ].join("\n");
  const user = vaultHome(moto.url, config);
  user.vault(["add", "--env", "alice"], {
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
  });
  return user;
}

describe("STS refusals through the CLI (moto auth mode)", () => {
  it("a role whose trust policy excludes the user: AccessDenied naming profile and role, exit 1, nothing cached", () => {
    const user = setup(alice);
    const r = user.vault(["export", "--no-session", "locked"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`profile 'locked': AssumeRole ${lockedArn} failed: AccessDenied`);
    expect(r.stderr).not.toContain(alice.secretAccessKey);
    expect(user.vault(["list", "--sessions"]).stdout).toBe("");
  });

  it("an unknown access key: InvalidClientTokenId, the key masked and the secret absent", () => {
    const user = setup({ accessKeyId: "AKIAUNKNOWN00WXYZ", secretAccessKey: "not-a-real-secret" });
    const r = user.vault(["export", "--no-session", "deploy"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("profile 'deploy': AssumeRole");
    expect(r.stderr).toContain("InvalidClientTokenId");
    expect(r.stderr).not.toContain("AKIAUNKNOWN00WXYZ");
    expect(r.stderr).not.toContain("not-a-real-secret");
  });

  it("the allowed role works with the same keys (so the refusals above are the trust policy and the key)", () => {
    const user = setup(alice);
    const r = user.vault(["export", "--no-session", "--format=json", "deploy"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).AccessKeyId).toMatch(/^ASIA/);
  });
});
