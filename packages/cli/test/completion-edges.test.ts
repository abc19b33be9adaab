import { describe, expect, it } from "vitest";
import type { Command } from "../src/command.js";
import { COMMANDS } from "../src/commands/index.js";
import { completeWords } from "../src/completion/complete-words.js";
import { GLOBAL_FLAGS } from "../src/global-flags.js";

const profiles = () => ["prod", "jon"];
const complete = (before: string[], current: string, commands: readonly Command[] = COMMANDS) =>
  completeWords(before, current, commands, GLOBAL_FLAGS, profiles);

describe("completeWords: the first word", () => {
  it("offers every command name on an empty line", () => {
    expect(complete([], "")).toEqual(COMMANDS.map((c) => c.name));
    expect(complete([], "ex")).toMatchInlineSnapshot(`
      [
        "exec",
        "export",
        "explain",
      ]
    `);
  });

  it("offers the global flags for a dash before the command", () => {
    expect(complete([], "--b")).toEqual(["--backend"]);
    expect(complete([], "--d")).toEqual(["--debug"]);
  });

  it("offers command names after a boolean global flag", () => {
    expect(complete(["--debug"], "li")).toEqual(["list"]);
  });
});

describe("completeWords: after the command", () => {
  it("knows a command by its alias", () => {
    expect(complete(["ls"], "--profi")).toEqual(["--profiles"]);
  });

  it("offers --help with the command's flags", () => {
    expect(complete(["list"], "--h")).toEqual(["--help"]);
  });

  it("offers nothing after an unknown command", () => {
    expect(complete(["bogus"], "")).toEqual([]);
    expect(complete(["bogus"], "-")).toEqual([]);
  });

  it("offers the shells to completion, and no profiles to a command without a positional", () => {
    expect(complete(["completion"], "")).toEqual(["bash", "zsh", "fish"]);
    expect(complete(["completion"], "z")).toEqual(["zsh"]);
    expect(complete(["list"], "")).toEqual([]);
  });

  it("offers a flag's choices after its short name", () => {
    const demo: Command = {
      name: "demo",
      summary: "",
      args: "",
      description: "",
      flags: [{ name: "mode", short: "m", value: "M", choices: ["fast", "slow"], help: "" }],
      run: () => Promise.resolve(0),
    };
    expect(complete(["demo", "-m"], "f", [demo])).toEqual(["fast"]);
  });
});
