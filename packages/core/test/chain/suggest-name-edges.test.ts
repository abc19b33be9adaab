import { describe, expect, it } from "vitest";
import { suggestName } from "../../src/chain/suggest-name.js";

describe("suggestName distance limit", () => {
  it("allows one edit for names of up to five characters and a third of the length above", () => {
    expect(suggestName("sx", ["st"])).toBe("st");
    expect(suggestName("stagng", ["stgng"])).toBe("stgng");
    expect(suggestName("stagng", ["sta"])).toBeUndefined();
  });

  it("counts a swap of two neighbours once, but not a swap of letters that are not neighbours", () => {
    expect(suggestName("ab", ["ba"])).toBe("ba");
    expect(suggestName("ba", ["ac"])).toBeUndefined();
    expect(suggestName("ab", ["ca"])).toBeUndefined();
  });
});

describe("suggestName length bound", () => {
  const p = (n: number) => "p".repeat(n);

  it("suggests for names and candidates of up to 128 characters", () => {
    expect(suggestName(p(128), [p(127)])).toBe(p(127));
    expect(suggestName(p(127), [p(128)])).toBe(p(128));
  });

  it("suggests nothing for a name or candidate over 128 characters, even one edit away", () => {
    expect(suggestName(p(129), [p(128)])).toBeUndefined();
    expect(suggestName(p(128), [p(129)])).toBeUndefined();
  });
});
