import {
  chmodSync,
  closeSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { fileVault } from "./support/file-vault.js";
import { ACCESS_KEY_ID, SECRET } from "./support/seed.js";
import { runCli } from "./support/test-io.js";

const keys = { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET };
const addEnv = (
  profile: string,
  options: { config?: Buffer | string; configFile?: string; home?: string },
  extra: string[] = [],
) => runCli(["add", "--env", ...extra, profile], { ...options, env: { ...fileVault().env, ...keys } });

describe("vault-cli add: the config section (--add-config, the default)", () => {
  it("appends '[profile <p>]' to an LF file, leaving every byte before it as it was", async () => {
    const original = Buffer.from(
      "# my config\n[default]\nregion = eu-west-1\ns3 =\n  max_concurrent_requests = 4\n",
    );
    const r = await addEnv("alice", { config: original });
    expect(r.code).toBe(0);
    const after = readFileSync(r.configFile);
    expect(after.subarray(0, original.length).equals(original)).toBe(true);
    expect(after.subarray(original.length).toString("latin1")).toBe("\n[profile alice]\n");
  });

  it("keeps a BOM and CRLF line ends, and writes the new section with CRLF", async () => {
    const original = Buffer.from("\ufeff[profile jon]\r\nregion = us-east-1 ; comment\r\n", "utf8");
    const r = await addEnv("alice", { config: original });
    const after = readFileSync(r.configFile);
    expect(after.subarray(0, original.length).equals(original)).toBe(true);
    expect(after.subarray(original.length).toString("latin1")).toBe("\r\n[profile alice]\r\n");
  });

  it("writes [default] for the default profile, and ends an unterminated last line first", async () => {
    const r = await addEnv("default", { config: "[profile jon]\nregion = x" });
    expect(readFileSync(r.configFile, "utf8")).toBe("[profile jon]\nregion = x\n\n[default]\n");
  });

  it("leaves the file alone when the profile has a section, or with --no-add-config", async () => {
    const config = "[profile alice]\nregion = x\n";
    expect(readFileSync((await addEnv("alice", { config })).configFile, "utf8")).toBe(config);
    const r = await addEnv("bob", { config }, ["--no-add-config"]);
    expect(r.code).toBe(0);
    expect(readFileSync(r.configFile, "utf8")).toBe(config);
  });

  it("creates ~/.aws (0700) and the config file (0600) when they are missing", async () => {
    const home = tempDir("home");
    const configFile = join(home, ".aws", "config");
    const r = await runCli(["add", "--env", "alice"], {
      home,
      configFile,
      env: { ...fileVault().env, ...keys, AWS_CONFIG_FILE: "" },
    });
    expect(r.stderr).toBe("");
    expect(readFileSync(configFile, "utf8")).toBe("[profile alice]\n");
    expect(statSync(dirname(configFile)).mode & 0o777).toBe(0o700);
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
  });

  it("replaces the file whole (a new file renamed over it): a reader of the old one still reads all of it", async () => {
    const home = tempDir("home");
    const configFile = join(home, "config");
    const before = `[profile jon]\nregion = eu-west-1\n${"# a long comment\n".repeat(2000)}`;
    writeFileSync(configFile, before);
    // An AWS CLI that opened the config just before: written in place, its file would be cut and rewritten.
    const reader = openSync(configFile, "r");
    try {
      const r = await addEnv("alice", { configFile, home });
      expect(r.code).toBe(0);
      const old = Buffer.alloc(before.length + 100);
      const read = readSync(reader, old, 0, old.length, 0);
      expect(old.subarray(0, read).toString("utf8")).toBe(before);
      expect(readFileSync(configFile, "utf8")).toBe(`${before}\n[profile alice]\n`);
    } finally {
      closeSync(reader);
    }
  });

  it("keeps the file's mode, leaves no temp file, and writes through a symlink", async () => {
    const home = tempDir("home");
    const real = join(home, "dotfiles-config");
    writeFileSync(real, "[profile jon]\n");
    chmodSync(real, 0o644);
    const link = join(home, "config");
    symlinkSync(real, link);
    const r = await addEnv("alice", { configFile: link, home });
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe("[profile jon]\n\n[profile alice]\n");
    expect(statSync(real).mode & 0o777).toBe(0o644);
    expect(readdirSync(home).sort()).toEqual(["config", "dotfiles-config"]);
  });
});
