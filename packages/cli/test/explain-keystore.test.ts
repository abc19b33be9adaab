import { describe, expect, it } from "vitest";
import type { ExplainJson } from "../src/explain/plan-json.js";
import { countingOpener } from "./support/counting-keystore.js";
import { fileVault } from "./support/file-vault.js";
import { scriptedPrompt } from "./support/scripted-prompt.js";
import { seedCredentials } from "./support/seed.js";
import { runCli } from "./support/test-io.js";

const config = [
  "[profile jon]",
  "[profile ops]",
  "[profile dev]",
  "source_profile = jon",
  "role_arn = arn:aws:iam::1:role/dev",
  "",
].join("\n");

describe("vault-cli explain with a keystore", () => {
  it("marks whether the stored hop's keys were found, listing once and asking nothing", async () => {
    const vault = fileVault();
    await seedCredentials(vault.keystore(), "jon");
    const { AWS_VAULT_FILE_PASSPHRASE: _, ...env } = vault.env;
    const counting = countingOpener();
    const terminal = scriptedPrompt();
    const options = { config, env, prompt: terminal.prompt, openKeystore: counting.openKeystore };
    const dev = await runCli(["explain", "dev"], options);
    expect(dev.stdout).toMatch(
      /1\. long-term keys of 'jon' from the keystore\n\s+keys: found in the file keystore\n/,
    );
    const ops = await runCli(["explain", "ops"], options);
    expect(ops.stdout).toContain("keys: none stored in the file keystore (vault-cli add ops)");
    expect(counting.calls).toEqual({ keys: 2, get: 0, set: 0, remove: 0 });
    expect(terminal.asked).toEqual([]);

    const json = JSON.parse((await runCli(["explain", "--json", "dev"], options)).stdout) as ExplainJson;
    expect(json.keystore).toEqual({ backend: "file", error: null });
    expect(json.hops.map((h) => h.keysFound)).toEqual([true, null]);
  });

  it("uses real stored keys: a role profile with its own keys stops the source_profile walk, as in aws-vault", async () => {
    const vault = fileVault();
    await seedCredentials(vault.keystore(), "dev");
    const r = await runCli(["explain", "--json", "dev"], { config, env: vault.env });
    const json = JSON.parse(r.stdout) as ExplainJson;
    expect(json.hops.map((h) => [h.kind, h.profile, h.keysFound])).toEqual([
      ["stored", "dev", true],
      ["AssumeRole", "dev", null],
    ]);
  });

  it("keeps the guess when the keystore cannot be listed, and says so in one line", async () => {
    const env = { AWS_VAULT_BACKEND: "pass", PATH: "" };
    const text = await runCli(["explain", "dev"], { config, env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /\n {2}\(keystore 'pass' unavailable: keystore backend 'pass' is not available: .*; assuming profiles without a source hold keys\)\n/,
    );
    expect(text.stdout).not.toContain("keys: ");
    const json = JSON.parse(
      (await runCli(["explain", "--json", "dev"], { config, env })).stdout,
    ) as ExplainJson;
    expect(json.keystore.backend).toBe("pass");
    expect(json.keystore.error).toMatch(/^keystore backend 'pass' is not available/);
    expect(json.hops[0]?.keysFound).toBeNull();
  });
});
