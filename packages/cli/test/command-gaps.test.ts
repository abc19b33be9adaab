import { join } from "node:path";
import { encodeMasterCredentials } from "@vault-cli/core";
import { fakeSts } from "@vault-cli/core/testing";
import { failureOf, tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { durationFlag } from "../src/credentials/credential-flags.js";
import { formatDuration } from "../src/explain/format-duration.js";
import { fileVault } from "./support/file-vault.js";
import { scriptedPrompt } from "./support/scripted-prompt.js";
import { seedCredentials } from "./support/seed.js";
import { runCli, tempConfig } from "./support/test-io.js";

const CONFIG = [
  "[profile jon]",
  "region = eu-west-1",
  "mfa_serial = arn:aws:iam::111111111111:mfa/jon",
  "",
].join("\n");
const now = new Date("2026-11-22T10:00:00Z");

/** jon's keys in a file vault, a config in a temp HOME, a fake STS and a prompt that records its questions. */
async function setup() {
  const vault = fileVault();
  await vault
    .keystore()
    .set("jon", encodeMasterCredentials({ accessKeyId: "AKIAJONWXYZ", secretAccessKey: "s3cret" }));
  const { configFile, home } = tempConfig(CONFIG);
  const sts = fakeSts({ clock: () => now });
  const asked: string[] = [];
  const prompt = async (question: string) => {
    asked.push(question);
    return "123456";
  };
  const env = { ...vault.env, AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials") };
  const run = (argv: string[], extraEnv: Record<string, string> = {}, extra = {}) =>
    runCli(argv, { configFile, home, env: { ...env, ...extraEnv }, sts, now, prompt, ...extra });
  return { vault, sts, asked, run };
}

const usage = (command: string, message: string) =>
  `vault-cli: error: ${command}: ${message}\nRun 'vault-cli ${command} --help' for usage.\n`;

describe("remove", () => {
  it.each(["ny", "okay", "yesno", " y"])("deletes nothing on %j", async (answer) => {
    const vault = fileVault();
    await seedCredentials(vault.keystore(), "alice");
    const before = vault.snapshot();
    const terminal = scriptedPrompt([answer]);
    const r = await runCli(["remove", "alice"], { env: vault.env, prompt: terminal.prompt });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "", ""]);
    expect(terminal.asked).toHaveLength(1);
    expect(vault.snapshot()).toEqual(before);
  });

  it.each(["Y", "YES", "yes"])("deletes on %j", async (answer) => {
    const vault = fileVault();
    await seedCredentials(vault.keystore(), "alice");
    const r = await runCli(["remove", "alice"], { env: vault.env, prompt: scriptedPrompt([answer]).prompt });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "Deleted credentials.\n", ""]);
    expect(await vault.keystore().keys()).toEqual([]);
  });

  it("fails with exit 1 and the not-found message for a profile with no stored credentials", async () => {
    const vault = fileVault();
    await seedCredentials(vault.keystore(), "alice");
    const before = vault.snapshot();
    const terminal = scriptedPrompt();
    const r = await runCli(["remove", "zed"], { env: vault.env, prompt: terminal.prompt });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "vault-cli: error: remove: no credentials stored for profile 'zed' in the file keystore\n",
    );
    expect(terminal.asked).toEqual([]);
    expect(vault.snapshot()).toEqual(before);
  });

  it("without a profile is a usage error naming 'vault-cli remove --help'", async () => {
    const vault = fileVault();
    const r = await runCli(["remove"], { env: vault.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(usage("remove", "missing <profile>"));
  });
});

describe("export usage errors", () => {
  it("--format=yaml fails with the list of formats and exit 2, before any STS call", async () => {
    const { sts, run } = await setup();
    const r = await run(["export", "--format=yaml", "jon"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(usage("export", "--format must be one of env, export-env, ini, json, got 'yaml'"));
    expect(sts.calls).toEqual([]);
  });

  it("two profiles are a usage error naming 'vault-cli export --help'", async () => {
    const { sts, run } = await setup();
    const r = await run(["export", "a", "b"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(usage("export", "unexpected argument 'b'"));
    expect(sts.calls).toEqual([]);
  });

  it("no profile and no AWS_PROFILE is 'missing <profile>' naming 'vault-cli export --help'", async () => {
    const { sts, run } = await setup();
    const r = await run(["export"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(usage("export", "missing <profile>"));
    expect(sts.calls).toEqual([]);
  });

  it("AWS_PROFILE stands in for the profile", async () => {
    const { run } = await setup();
    const r = await run(["export", "--no-session"], { AWS_PROFILE: "jon" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("AWS_ACCESS_KEY_ID=AKIAJONWXYZ\n");
  });

  it.each(["0s", "500ms"])("--duration %s is refused with exit 2", async (duration) => {
    const { sts, asked, run } = await setup();
    const r = await run(["export", "jon", "--duration", duration]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      usage("export", `invalid --duration '${duration}': use a Go duration such as 1h, 90m or 3600s`),
    );
    expect(sts.calls).toEqual([]);
    expect(asked).toEqual([]);
  });

  it("exec --duration 0s names 'vault-cli exec --help'", async () => {
    const { run } = await setup();
    const r = await run(["exec", "jon", "--duration", "0s", "--", "true"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      usage("exec", "invalid --duration '0s': use a Go duration such as 1h, 90m or 3600s"),
    );
  });

  it("exec without a profile or AWS_PROFILE names 'vault-cli exec --help'", async () => {
    const { run } = await setup();
    const r = await run(["exec"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(usage("exec", "missing <profile>"));
  });
});

describe("credential flags reach STS", () => {
  it("--duration 2h asks GetSessionToken for 7200 seconds", async () => {
    const { sts, run } = await setup();
    const r = await run(["export", "--format=json", "jon", "--duration", "2h"]);
    expect(r.code).toBe(0);
    expect(sts.calls.map((c) => [c.action, c.durationSeconds])).toEqual([["GetSessionToken", 7200]]);
    expect(JSON.parse(r.stdout).Expiration).toBe("2026-11-22T12:00:00Z");
  });

  it("durationFlag accepts 1s as 1 second and rejects 0s and 500ms", () => {
    expect(durationFlag("export", "1s", {})).toBe(1);
    expect(durationFlag("export", "90m", {})).toBe(5400);
    expect(durationFlag("export", undefined, {})).toBeUndefined();
    for (const text of ["0s", "500ms"])
      expect(() => durationFlag("export", text, {})).toThrow(/invalid --duration/);
  });

  it("AWS_VAULT_DURATION (ByteNess) is --duration's default; the flag wins; a bad value names the variable", async () => {
    expect(durationFlag("export", undefined, { AWS_VAULT_DURATION: "2h" })).toBe(7200);
    expect(durationFlag("export", "90m", { AWS_VAULT_DURATION: "2h" })).toBe(5400);
    expect(durationFlag("export", undefined, { AWS_VAULT_DURATION: "" })).toBeUndefined();
    const bad = Promise.resolve().then(() =>
      durationFlag("export", undefined, { AWS_VAULT_DURATION: "soon" }),
    );
    expect(await failureOf(bad)).toEqual({
      code: "CONFIG_INVALID_SETTING",
      message: "invalid AWS_VAULT_DURATION 'soon': use a Go duration such as 1h, 90m or 3600s",
    });
  });

  it("AWS_VAULT_DURATION sets exec's and export's session length as --duration would", async () => {
    const { sts, run } = await setup();
    const r = await run(["export", "--format=json", "jon"], { AWS_VAULT_DURATION: "2h" });
    expect(r.code).toBe(0);
    expect(sts.calls.map((c) => [c.action, c.durationSeconds])).toEqual([["GetSessionToken", 7200]]);
  });

  it("--mfa-token sends that code and asks nothing", async () => {
    const { sts, asked, run } = await setup();
    const r = await run(["export", "--format=json", "jon", "--mfa-token", "654321"]);
    expect(r.code).toBe(0);
    expect(asked).toEqual([]);
    expect(sts.calls.map((c) => [c.action, c.mfa?.tokenCode])).toEqual([["GetSessionToken", "654321"]]);
  });

  it("without --mfa-token the code is asked for", async () => {
    const { sts, asked, run } = await setup();
    await run(["export", "--format=json", "jon"]);
    expect(asked).toEqual(["Enter MFA code for arn:aws:iam::111111111111:mfa/jon: "]);
    expect(sts.calls.map((c) => c.mfa?.tokenCode)).toEqual(["123456"]);
  });

  it("--region overrides the profile's region in the output", async () => {
    const { run } = await setup();
    const r = await run(["export", "jon", "--region", "ap-south-1", "-t", "654321"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("AWS_REGION=ap-south-1\nAWS_DEFAULT_REGION=ap-south-1\n");
    expect(r.stdout).not.toContain("eu-west-1");
  });
});

describe("exec --json", () => {
  it("prints the credential_process document and runs no child", async () => {
    const { sts, run } = await setup();
    const r = await run(["exec", "--json", "jon"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      Version: 1,
      AccessKeyId: "ASIAFAKE0001",
      SecretAccessKey: "secret-0001",
      SessionToken: "token-0001",
      Expiration: "2026-11-22T11:00:00Z",
    });
    expect(sts.calls.map((c) => c.action)).toEqual(["GetSessionToken"]);
  });
});

describe("list", () => {
  it("with an extra argument exits 2 naming it", async () => {
    const vault = fileVault();
    const r = await runCli(["list", "extra"], { env: vault.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(usage("list", "unexpected argument 'extra'"));
  });

  it.each([
    ["--credentials", "alice\n"],
    ["--sessions", ""],
  ])("%s works with a config file it cannot read", async (flag, expected) => {
    const vault = fileVault();
    await seedCredentials(vault.keystore(), "alice");
    const dir = tempDir("unreadable");
    const r = await runCli(["list", flag], { configFile: dir, home: dir, env: vault.env });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, expected, ""]);
  });

  it("without flags reports the unreadable config", async () => {
    const vault = fileVault();
    const dir = tempDir("unreadable");
    const r = await runCli(["list"], { configFile: dir, home: dir, env: vault.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is not a regular file");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [45, "45s"],
    [60, "1m"],
    [3600, "1h"],
    [3661, "1h1m1s"],
    [5400, "1h30m"],
  ])("%d seconds is %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
