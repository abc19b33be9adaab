import { describe, expect, it } from "vitest";
import { formatTable } from "../src/list/format-table.js";

describe("formatTable (Go tabwriter: minwidth 25, padding 2)", () => {
  it("pads every cell to at least 25, and a wider column to its widest cell plus 2", () => {
    const long = "a-profile-name-of-30-chars-xyz";
    const out = formatTable([
      ["Profile", "Credentials"],
      [long, "-"],
    ]);
    expect(out).toBe(`${"Profile".padEnd(32)}${"Credentials".padEnd(25)}\n${long}  ${"-".padEnd(25)}\n`);
  });

  it("counts code points, as Go counts runes", () => {
    expect(formatTable([["prôfile"]])).toBe(`prôfile${" ".repeat(18)}\n`);
    // A character above U+FFFF is two UTF-16 units but one rune.
    expect(formatTable([["dev-\u{1F680}", "x"]])).toBe(`dev-\u{1F680}${" ".repeat(20)}x${" ".repeat(24)}\n`);
  });
});
