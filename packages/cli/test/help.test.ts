import { describe, expect, it } from "vitest";
import { runCli } from "./support/test-io.js";

describe("vault-cli --help / --version", () => {
  it("lists every command with its summary", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: vault-cli/);
    for (const name of ["list", "explain", "completion"])
      expect(stdout).toMatch(new RegExp(`\\n  ${name} +\\S`));
  });

  it("prints a command's own help for `<command> --help`, `help <command>`, `--help <command>` and `-h <command>`", async () => {
    const a = await runCli(["explain", "--help"]);
    expect(a.stdout).toContain("Usage: vault-cli explain");
    for (const argv of [
      ["help", "explain"],
      ["--help", "explain"],
      ["-h", "explain"],
      ["exec", "-h"],
    ]) {
      const other = await runCli(argv);
      expect(other.code).toBe(0);
      expect(other.stdout).toContain(`Usage: vault-cli ${argv.includes("exec") ? "exec" : "explain"}`);
    }
    expect((await runCli(["--help", "explain"])).stdout).toBe(a.stdout);
  });

  it("takes global flags after `help`, and shows help even with a bad --prompt", async () => {
    const r = await runCli(["help", "--backend", "pass"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Keystore backends (now: pass):");
    const bad = await runCli(["--prompt", "bogus", "--help"]);
    expect(bad.code).toBe(0);
    expect(bad.stdout).toMatch(/^Usage: vault-cli/);
  });

  it("prints the version", async () => {
    const { code, stdout } = await runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+(-\w+)?\n$/);
  });

  it("rejects an unknown command with a usage error and exit status 2", async () => {
    const { code, stderr, stdout } = await runCli(["exce", "prod"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("vault-cli: error: unknown command 'exce'");
    expect(stderr).toContain("vault-cli --help");
  });

  it("rejects an unknown flag naming it", async () => {
    const { code, stderr } = await runCli(["list", "--profile"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--profile");
    expect(stderr).toContain("vault-cli list --help");
  });
});

describe("vault-cli list --profiles", () => {
  it("prints profile names in file order, without sso-sessions, services or other sections", async () => {
    const config = [
      "[profile b]",
      "region = x",
      "[sso-session s]",
      "sso_region = y",
      "[default]",
      "region = z",
      "[services svc]",
      "[preview]",
      "[profile a]",
    ].join("\n");
    const { code, stdout } = await runCli(["list", "--profiles"], { config });
    expect(code).toBe(0);
    expect(stdout).toBe("b\ndefault\na\n");
  });

  it("works with no config file at all", async () => {
    const { code, stdout } = await runCli(["ls", "--profiles"], {
      env: { AWS_CONFIG_FILE: "/nonexistent/config" },
    });
    expect(code).toBe(0);
    expect(stdout).toBe("");
  });
});
