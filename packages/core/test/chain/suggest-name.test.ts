import { describe, expect, it } from "vitest";
import { didYouMean, suggestName } from "../../src/chain/suggest-name.js";

describe("suggestName", () => {
  const names = ["prod", "staging", "dev-admin", "default"];

  it.each([
    ["prdo", "prod"],
    ["Prod", "prod"],
    ["stagng", "staging"],
    ["dev-admn", "dev-admin"],
    ["defualt", "default"],
  ])("suggests %s -> %s", (input, expected) => {
    expect(suggestName(input, names)).toBe(expected);
  });

  it("suggests nothing when no name is close or the name itself is the only candidate", () => {
    expect(suggestName("billing", names)).toBeUndefined();
    expect(suggestName("prod", ["prod"])).toBeUndefined();
    expect(suggestName("x", [])).toBeUndefined();
  });

  it("prefers the closest candidate, then the first in order", () => {
    expect(suggestName("tester1", ["tster", "tester12x", "tester2"])).toBe("tester2");
    expect(suggestName("test1", ["test12", "test2", "test"])).toBe("test12");
  });

  it("formats the hint with a leading space, or nothing", () => {
    expect(didYouMean("prdo", names)).toBe(" (did you mean 'prod'?)");
    expect(didYouMean("zzz", names)).toBe("");
  });
});

describe("suggestName on hostile input", () => {
  it("suggests nothing for names over 128 characters (their edit distance would take minutes)", () => {
    const long = "p".repeat(30_000);
    // One edit apart: without the bound, the long name would be suggested, after minutes of work.
    expect(suggestName(long, [`${long}x`, "prod"])).toBeUndefined();
    expect(suggestName("prodd", [long, "prod"])).toBe("prod");
  });
});
