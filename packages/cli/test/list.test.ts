import { formatSessionKey } from "@vault-cli/core";
import { memoryKeystore } from "@vault-cli/core/testing";
import { describe, expect, it } from "vitest";
import { countingOpener } from "./support/counting-keystore.js";
import { fileVault } from "./support/file-vault.js";
import { scriptedPrompt } from "./support/scripted-prompt.js";
import { seedCredentials, seedSession } from "./support/seed.js";
import { runCli } from "./support/test-io.js";

const now = new Date("2026-11-22T10:00:00Z");
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000);
const config = [
  "[profile jon]",
  "mfa_serial = arn:aws:iam::1:mfa/jon",
  "[profile dev]",
  "source_profile = jon",
  "role_arn = arn:aws:iam::1:role/dev",
  "[profile sso]",
  "sso_start_url = https://example.awsapps.com/start",
  "",
].join("\n");
/** A line of Go's tabwriter output with explicit column widths (every cell padded, the last one too). */
const line = (widths: number[], ...cells: string[]) =>
  `${cells.map((c, i) => c.padEnd(widths[i]!)).join("")}\n`;

/** A file vault holding credentials, sessions (one a profile outside the config) and an SSO token. */
async function seededVault() {
  const vault = fileVault();
  const store = vault.keystore();
  await seedCredentials(store, "jon");
  await seedCredentials(store, "ci-bot");
  await seedSession(store, "jon", inMinutes(58), "sts.GetSessionToken", "arn:aws:iam::1:mfa/jon");
  await seedSession(store, "dev", new Date(inMinutes(59).getTime() + 12_500), "sts.AssumeRole");
  await seedSession(store, "gone", inMinutes(-5));
  await store.set("oidc:https://example.awsapps.com/start", "{}");
  await store.set("oidc:https://other.awsapps.com/start", "{}");
  await store.set("session,am9u,,1700000000", "{}"); // aws-vault v5 session: neither listed nor a credential
  return vault;
}

describe("vault-cli list", () => {
  it("prints aws-vault's table: config profiles, then orphan credentials, tokens and sessions", async () => {
    const vault = await seededVault();
    const r = await runCli(["list"], { config, env: vault.env, now });
    expect(r.stderr).toBe("");
    // The last column is as wide as its widest cell (38) plus 2.
    const row = (...cells: string[]) => line([25, 25, 40], ...cells);
    expect(r.stdout).toBe(
      row("Profile", "Credentials", "Sessions") +
        row("=======", "===========", "========") +
        row("jon", "jon", "sts.GetSessionToken:58m0s") +
        row("dev", "-", "sts.AssumeRole:59m12s") +
        row("sso", "-", "oidc:https://example.awsapps.com/start") +
        row("-", "ci-bot", "-") +
        row("-", "-", "oidc:https://other.awsapps.com/start") +
        row("-", "-", "sts.GetSessionToken:-5m0s"),
    );
  });

  it("lists the keystore once, decrypts nothing and asks for no passphrase", async () => {
    const vault = await seededVault();
    const { AWS_VAULT_FILE_PASSPHRASE: _, ...env } = vault.env;
    const counting = countingOpener();
    const terminal = scriptedPrompt();
    for (const flags of [[], ["--credentials"], ["--sessions"]]) {
      const before = { ...counting.calls };
      const r = await runCli(["ls", ...flags], {
        config,
        env,
        now,
        prompt: terminal.prompt,
        openKeystore: counting.openKeystore,
      });
      expect(r.code).toBe(0);
      expect(counting.calls.keys - before.keys).toBe(1);
    }
    expect(counting.calls).toMatchObject({ get: 0, set: 0, remove: 0 });
    expect(terminal.asked).toEqual([]);
  });

  it("--credentials prints stored credential names; --sessions prints tokens, then session labels", async () => {
    const vault = await seededVault();
    const creds = await runCli(["list", "--credentials"], { config, env: vault.env, now });
    expect(creds.stdout.split("\n").filter(Boolean).sort()).toEqual(["ci-bot", "jon"]);
    const sessions = await runCli(["list", "--sessions"], { config, env: vault.env, now });
    expect(sessions.stdout.split("\n").filter(Boolean)).toEqual([
      "oidc:https://example.awsapps.com/start",
      "oidc:https://other.awsapps.com/start",
      ...["sts.AssumeRole:59m12s", "sts.GetSessionToken:-5m0s", "sts.GetSessionToken:58m0s"].sort(
        (a, b) => sessionOrder(a) - sessionOrder(b),
      ),
    ]);
  });

  it("--profiles needs no keystore at all", async () => {
    const r = await runCli(["list", "--profiles"], { config, env: { AWS_VAULT_BACKEND: "nonesuch" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("jon\ndev\nsso\n");
  });

  it("shows every session of a profile, comma-separated", async () => {
    const memory = memoryKeystore();
    await seedSession(memory, "jon", inMinutes(30));
    await seedSession(memory, "jon", inMinutes(480), "sts.AssumeRole", "x");
    const r = await runCli(["list"], { config: "[profile jon]\n", now, openKeystore: async () => memory });
    expect(r.stdout.split("\n")[2]).toBe(
      line([25, 25, 50], "jon", "-", "sts.AssumeRole:8h0m0s, sts.GetSessionToken:30m0s").slice(0, -1),
    );
  });

  it("reports an unavailable backend", async () => {
    const r = await runCli(["list"], { config, env: { AWS_VAULT_BACKEND: "pass", PATH: "" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^vault-cli: error: list: keystore backend 'pass' is not available: /);
  });
});

// Sessions come in the file backend's key order (by bytes), so the expected order follows the keys.
const keyOf: Record<string, string> = {
  "sts.AssumeRole:59m12s": formatSessionKey({ type: "sts.AssumeRole", profile: "dev", expiration: now }),
  "sts.GetSessionToken:-5m0s": formatSessionKey({
    type: "sts.GetSessionToken",
    profile: "gone",
    expiration: now,
  }),
  "sts.GetSessionToken:58m0s": formatSessionKey({
    type: "sts.GetSessionToken",
    profile: "jon",
    serial: "arn:aws:iam::1:mfa/jon",
    expiration: now,
  }),
};
const sortedKeys = Object.values(keyOf).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
const sessionOrder = (label: string) => sortedKeys.indexOf(keyOf[label]!);
