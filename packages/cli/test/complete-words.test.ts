import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/commands/index.js";
import { completeWords } from "../src/completion/complete-words.js";

const profiles = () => ["prod-admin", "prod-readonly", "jon"];
const complete = (before: string[], current: string) => completeWords(before, current, COMMANDS, profiles);

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
});
