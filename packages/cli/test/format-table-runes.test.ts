import { describe, expect, it } from "vitest";
import { formatTable } from "../src/list/format-table.js";

/** The padding formatTable gives one cell: 25 minus the cell's rune count. */
const padOf = (cell: string) => formatTable([[cell]]).length - cell.length - 1;

describe("formatTable rune counting at the surrogate boundaries", () => {
  it("counts a pair at the lowest and highest surrogate values as one rune", () => {
    expect(padOf("\ud800\udc00")).toBe(24);
    expect(padOf("\udbff\udfff")).toBe(24);
  });

  it("counts a lone low surrogate, or two low surrogates, as one rune each", () => {
    expect(padOf("a\udc00")).toBe(23);
    expect(padOf("\udc00\udc00")).toBe(23);
    // The same in a cell that also holds a pair (a cell without a high surrogate is counted by its length).
    expect(padOf("\ud83d\ude00a\udc00")).toBe(22);
    expect(padOf("\ud83d\ude00\udc00\udc00")).toBe(22);
  });

  it("counts a high surrogate followed by a non-low-surrogate as two runes", () => {
    expect(padOf("\ud800a")).toBe(23);
    expect(padOf("\ud800\ue000")).toBe(23);
    expect(padOf("\udbff\udbff")).toBe(23);
  });
});
