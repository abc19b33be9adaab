import { describe, expect, it } from "vitest";
import { countingOpener } from "./support/counting-keystore.js";
import { fileVault } from "./support/file-vault.js";
import { seedCredentials, seedSession } from "./support/seed.js";
import { runCli } from "./support/test-io.js";

const expiry = new Date("2030-01-01T00:00:00Z");
const config =
  "[profile jon]\n[profile sso]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://corp/start\n";

async function seeded() {
  const vault = fileVault();
  const store = vault.keystore();
  await seedCredentials(store, "jon");
  await seedCredentials(store, "sso");
  await seedSession(store, "jon", expiry);
  await seedSession(store, "jon", expiry, "sts.AssumeRole", "arn:aws:iam::1:mfa/jon");
  await seedSession(store, "sso", expiry, "sso.GetRoleCredentials", "https://corp/start");
  await store.set("oidc:https://corp/start", "{}");
  await store.set("oidc:https://other/start", "{}");
  await store.set("session,am9u,,1700000000", "{}");
  await store.set("jon session (61633665646639303539)", "{}");
  return { vault, store };
}

describe("vault-cli clear", () => {
  it("clears every session, SSO token and old-format session, never credentials, listing once", async () => {
    const { vault, store } = await seeded();
    const { AWS_VAULT_FILE_PASSPHRASE: _, ...env } = vault.env;
    const counting = countingOpener();
    const r = await runCli(["clear"], { config, env, openKeystore: counting.openKeystore });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("Cleared 7 sessions.\n");
    expect(counting.calls.keys).toBe(1);
    expect((await store.keys()).sort()).toEqual(["jon", "sso"]);
  });

  it("with a profile, clears its sessions and the SSO token of its start URL only", async () => {
    const { vault, store } = await seeded();
    expect((await runCli(["clear", "jon"], { config, env: vault.env })).stdout).toBe("Cleared 2 sessions.\n");
    expect((await runCli(["clear", "sso"], { config, env: vault.env })).stdout).toBe("Cleared 2 sessions.\n");
    expect((await runCli(["clear", "sso"], { config, env: vault.env })).stdout).toBe("Cleared 0 sessions.\n");
    expect((await store.keys()).sort()).toEqual(
      [
        "jon",
        "jon session (61633665646639303539)",
        "oidc:https://other/start",
        "session,am9u,,1700000000",
        "sso",
      ].sort(),
    );
  });
});
