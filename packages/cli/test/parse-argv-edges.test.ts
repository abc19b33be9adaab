import { describe, expect, it } from "vitest";
import { parseCommandArgs, requiredProfile, splitArgv } from "../src/argv/parse-argv.js";
import type { Command } from "../src/command.js";
import { COMMANDS } from "../src/commands/index.js";
import { runCli } from "./support/test-io.js";

const command = (name: string): Command => COMMANDS.find((c) => c.name === name)!;

describe("splitArgv", () => {
  it("stops at -- and takes it as the command word", () => {
    expect(splitArgv(["--", "list"]).word).toBe("--");
  });
});

describe("parseCommandArgs", () => {
  it("passes nothing on for a command that does not pass words through", () => {
    expect(parseCommandArgs(command("list"), ["--profiles"]).command).toEqual([]);
  });

  it("turns a negatable flag on by default and off with --no-", () => {
    expect(parseCommandArgs(command("add"), ["jon"]).values["add-config"]).toBe(true);
    expect(parseCommandArgs(command("add"), ["--no-add-config", "jon"]).values["add-config"]).toBe(false);
  });

  it("exec: passes an undeclared dash word after the profile on to the command", () => {
    const input = parseCommandArgs(command("exec"), ["p", "-la"]);
    expect(input.positionals).toEqual(["p"]);
    expect(input.command).toEqual(["-la"]);
  });

  it("exec: passes -undefined on too (a flag without a short name does not match it)", () => {
    expect(parseCommandArgs(command("exec"), ["p", "-undefined"]).command).toEqual(["-undefined"]);
  });

  it("exec: keeps a declared global flag after the profile as a flag", () => {
    const input = parseCommandArgs(command("exec"), ["p", "--no-browser", "ls"]);
    expect(input.values["no-browser"]).toBe(true);
    expect(input.command).toEqual(["ls"]);
  });

  it("exec: takes a lone - before the profile as a positional, not as the profile's end", () => {
    const input = parseCommandArgs(command("exec"), ["-", "p", "ls"]);
    expect(input.positionals).toEqual(["-", "p"]);
    expect(input.command).toEqual(["ls"]);
  });
});

describe("requiredProfile", () => {
  it("rejects an empty profile", () => {
    expect(() => requiredProfile("explain", [""])).toThrow(
      "missing <profile>\nRun 'vault-cli explain --help' for usage.",
    );
  });
});

describe("usage errors, as the user sees them", () => {
  const stderrOf = async (argv: string[]) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    return r.stderr;
  };

  it("names an unknown global flag before the command and points at the top-level help", async () => {
    expect(await stderrOf(["--bogus", "list"])).toMatchInlineSnapshot(`
      "vault-cli: error: Unknown option '--bogus'
      Run 'vault-cli --help' for usage.
      "
    `);
  });

  it("names an unknown command flag without node's advice about positionals", async () => {
    expect(await stderrOf(["list", "--bogus"])).toMatchInlineSnapshot(`
      "vault-cli: error: list: Unknown option '--bogus'
      Run 'vault-cli list --help' for usage.
      "
    `);
  });

  it("says the value is missing when exec's --duration ends the line", async () => {
    expect(await stderrOf(["exec", "p", "--duration"])).toMatchInlineSnapshot(`
      "vault-cli: error: exec: Option '-d, --duration <value>' argument missing
      Run 'vault-cli exec --help' for usage.
      "
    `);
  });

  it("names the extra argument", async () => {
    expect(await stderrOf(["explain", "a", "b"])).toMatchInlineSnapshot(`
      "vault-cli: error: explain: unexpected argument 'b'
      Run 'vault-cli explain --help' for usage.
      "
    `);
  });

  it("asks for the profile when it is missing", async () => {
    expect(await stderrOf(["explain"])).toMatchInlineSnapshot(`
      "vault-cli: error: explain: missing <profile>
      Run 'vault-cli explain --help' for usage.
      "
    `);
  });

  it("rejects -- as a command", async () => {
    expect(await stderrOf(["--", "list"])).toMatchInlineSnapshot(`
      "vault-cli: error: unknown command '--'
      Run 'vault-cli --help' for usage.
      "
    `);
  });
});
