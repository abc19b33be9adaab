import type { Env } from "@vault-cli/core";
import { encodeMasterCredentials, VaultError } from "@vault-cli/core";
import { fakeSts } from "@vault-cli/core/testing";
import { describe, expect, it } from "vitest";
import { countingOpener } from "./support/counting-keystore.js";
import { fileVault } from "./support/file-vault.js";
import { runCli, tempConfig } from "./support/test-io.js";

const CONFIG = [
  "[profile jon]",
  "region = eu-west-1",
  "mfa_serial = arn:aws:iam::111111111111:mfa/jon",
  "[profile admin]",
  "source_profile = jon",
  "role_arn = arn:aws:iam::222222222222:role/admin",
  "mfa_serial = arn:aws:iam::111111111111:mfa/jon",
].join("\n");

async function setup() {
  const vault = fileVault();
  await vault
    .keystore()
    .set("jon", encodeMasterCredentials({ accessKeyId: "AKIAJONWXYZ", secretAccessKey: "s3cret" }));
  const { configFile, home } = tempConfig(CONFIG);
  const now = new Date("2026-11-22T10:00:00Z");
  const sts = fakeSts({ clock: () => now });
  const answers: string[] = [];
  const prompt = async (question: string) => {
    answers.push(question);
    return "123456";
  };
  const run = (argv: string[], env: Record<string, string> = {}, extra = {}) =>
    runCli(argv, { configFile, home, env: { ...vault.env, ...env }, sts, now, prompt, ...extra });
  return { vault, sts, answers, run };
}

describe("export", () => {
  it("prints credential_process JSON from one GetSessionToken + AssumeRole, then serves the cache", async () => {
    const { sts, answers, run } = await setup();
    const first = await run(["export", "--format=json", "admin"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(doc).toMatchObject({
      Version: 1,
      AccessKeyId: "ASIAFAKE0002",
      Expiration: "2026-11-22T11:00:00Z",
    });
    expect(sts.calls.map((c) => [c.action, c.profile, c.mfa?.tokenCode])).toEqual([
      ["GetSessionToken", "jon", "123456"],
      ["AssumeRole", "admin", undefined],
    ]);
    expect(answers).toEqual(["Enter MFA code for arn:aws:iam::111111111111:mfa/jon: "]);
    const second = await run(["export", "--format=json", "admin"]);
    expect(JSON.parse(second.stdout)).toEqual(doc);
    expect(sts.calls).toHaveLength(2);
    expect(answers).toHaveLength(1);
  });

  it("lists the keystore once on a cache hit and reads one item, the role's", async () => {
    const { run } = await setup();
    await run(["export", "--format=json", "admin"]);
    const counting = countingOpener();
    const hit = await run(["export", "--format=json", "admin"], {}, { openKeystore: counting.openKeystore });
    expect(hit.code).toBe(0);
    expect(counting.calls).toEqual({ keys: 1, get: 1, set: 0, remove: 0 });
  });

  it("--no-session on a user prints the long-term keys and calls nothing", async () => {
    const { sts, run } = await setup();
    const { stdout, code } = await run(["export", "--no-session", "jon"]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      "AWS_ACCESS_KEY_ID=AKIAJONWXYZ\nAWS_SECRET_ACCESS_KEY=s3cret\nAWS_REGION=eu-west-1\nAWS_DEFAULT_REGION=eu-west-1\n",
    );
    expect(sts.calls).toEqual([]);
  });

  it("refuses to run inside another vault-cli/aws-vault session", async () => {
    const { run } = await setup();
    const { code, stderr } = await run(["export", "jon"], { AWS_VAULT: "other" });
    expect(code).toBe(2);
    expect(stderr).toContain("in an existing vault-cli/aws-vault subshell (profile 'other')");
  });
});

describe("exec", () => {
  it("runs the command with the role's credentials and returns its exit status", async () => {
    const { run } = await setup();
    const children: { command: string; args: readonly string[]; env: Env }[] = [];
    const runChild = async (command: string, args: readonly string[], env: Env) => {
      children.push({ command, args, env });
      return 7;
    };
    const parent = { AWS_PROFILE: "admin", AWS_SESSION_TOKEN: "stale", PATH: "/bin" };
    const { code } = await run(["exec", "admin", "--", "aws", "s3", "ls"], parent, { runChild });
    expect(code).toBe(7);
    expect(children).toHaveLength(1);
    const child = children[0]!;
    expect([child.command, ...child.args]).toEqual(["aws", "s3", "ls"]);
    expect(child.env).toMatchObject({
      AWS_VAULT: "admin",
      AWS_ACCESS_KEY_ID: "ASIAFAKE0002",
      AWS_SESSION_TOKEN: "token-0002",
      AWS_CREDENTIAL_EXPIRATION: "2026-11-22T11:00:00Z",
      PATH: "/bin",
    });
    expect(child.env.AWS_PROFILE).toBeUndefined();
  });

  it("passes words after the profile on untouched (exec p ls -la) and starts $SHELL without a command", async () => {
    const { run } = await setup();
    const seen: string[][] = [];
    const runChild = async (command: string, args: readonly string[]) => {
      seen.push([command, ...args]);
      return 0;
    };
    await run(["exec", "-n", "jon", "ls", "-la"], {}, { runChild });
    const shell = await run(
      ["exec", "jon", "--no-session"],
      { SHELL: "/bin/zsh" },
      { runChild, stdoutIsTTY: true },
    );
    const piped = await run(["exec", "jon", "--no-session"], { SHELL: "/bin/zsh" }, { runChild });
    expect(seen).toEqual([["ls", "-la"], ["/bin/zsh"], ["/bin/zsh"]]);
    expect(shell.stderr).toContain("Starting subshell /bin/zsh");
    expect(piped.stderr).toBe("");
  });

  it("exits 130 and caches nothing when the MFA prompt is left with Ctrl-C", async () => {
    const { run, vault, sts } = await setup();
    const before = vault.snapshot();
    const prompt = () => Promise.reject(new VaultError("INTERRUPTED", "interrupted"));
    const { code, stdout } = await run(["export", "admin"], {}, { prompt });
    expect(code).toBe(130);
    expect(stdout).toBe("");
    expect(sts.calls).toEqual([]);
    expect(vault.snapshot()).toEqual(before);
  });
});

describe("an unwritable keystore", () => {
  it("fails with a message naming the keystore write, and prints no credentials", async () => {
    const { run, vault } = await setup();
    const real = vault.keystore();
    const readOnly = {
      name: "file",
      get: (key: string) => real.get(key),
      keys: () => real.keys(),
      remove: async () => false,
      set: async () => {
        throw new VaultError("KEYSTORE_WRITE", `cannot write to the file keystore '${vault.dir}': EROFS`);
      },
    };
    const { code, stdout, stderr } = await run(
      ["export", "--format=json", "admin"],
      {},
      { openKeystore: async () => readOnly },
    );
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `vault-cli: error: export: cannot write to the file keystore '${vault.dir}': EROFS\n`,
    );
  });
});
