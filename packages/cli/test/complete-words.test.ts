import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/commands/index.js";
import { completeWords } from "../src/completion/complete-words.js";
import { GLOBAL_FLAGS } from "../src/global-flags.js";

const profiles = () => ["prod-admin", "prod-readonly", "jon"];
const complete = (before: string[], current: string) =>
  completeWords(before, current, COMMANDS, GLOBAL_FLAGS, profiles);

describe("completeWords", () => {
  it("offers profiles after flags that take a value, and nothing for the value itself", () => {
    expect(complete(["explain", "-d"], "")).toEqual([]);
    expect(complete(["explain", "-d", "2h"], "prod")).toEqual(["prod-admin", "prod-readonly"]);
    expect(complete(["explain", "--region", "eu-west-1", "--json"], "j")).toEqual(["jon"]);
    expect(complete(["explain", "--duration=2h"], "j")).toEqual(["jon"]);
  });

  it("offers nothing once the profile is given, or after --", () => {
    expect(complete(["explain", "jon"], "")).toEqual([]);
    expect(complete(["explain", "--", "x"], "")).toEqual([]);
  });

  it("skips global flags before the command and offers a flag's declared choices as its value", () => {
    expect(complete(["--backend", "file", "explain"], "j")).toEqual(["jon"]);
    expect(complete(["--backend"], "")).toEqual([
      "wincred",
      "keychain",
      "secret-service",
      "kwallet",
      "keyctl",
      "pass",
      "file",
    ]);
    expect(complete(["export", "--format"], "e")).toEqual(["env", "export-env"]);
    expect(complete(["exec", "--prompt"], "k")).toEqual(["kdialog"]);
    expect(complete(["add", "--"], "")).toEqual([]);
    expect(complete(["add"], "--no")).toEqual(["--no-add-config", "--no-browser"]);
    expect(complete(["exec", "jon"], "--j")).toEqual(["--json"]);
  });
});
