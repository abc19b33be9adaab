import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareUtf8, sortUtf8 } from "../src/support/compare-bytes.js";

const sign = (n: number) => Math.sign(n);

describe("compareUtf8: listings in Go's byte order without encoding each name", () => {
  // Names as readdir returns them: well-formed, with the characters where the two orders could part.
  const unit = fc.oneof(
    fc.constantFrom("a", "z", "\u00e9", "\uD7FF", "\uE000", "\uFFFD", "\uFFFF", "\u{10000}", "\u{1F600}"),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
  );
  const name = fc.string({ unit, maxLength: 6 });

  it("agrees with comparing the UTF-8 bytes, for any well-formed strings", () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(sign(compareUtf8(a, b))).toBe(sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 5000 },
    );
  });

  it("puts a character above U+FFFF after U+E000..U+FFFF, where UTF-16 order would not", () => {
    const names = ["\u{1F600}", "\uFFFD", "z", "\uE000", "a\u{10000}", "a"];
    expect([...names].sort(compareUtf8)).toEqual(["a", "a\u{10000}", "z", "\uE000", "\uFFFD", "\u{1F600}"]);
    expect([...names].sort()).not.toEqual([...names].sort(compareUtf8)); // the plain sort would be wrong
    expect(sortUtf8([...names])).toEqual([...names].sort(compareUtf8));
  });

  it("sortUtf8 sorts any listing by its UTF-8 bytes, with or without a character above U+FFFF", () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 12 }), (names) => {
        const byBytes = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        expect(sortUtf8([...names])).toEqual(byBytes);
      }),
      { numRuns: 2000 },
    );
  });
});
