import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from "../../src/keystore/base64.js";
import { formatRfc3339Nano, parseRfc3339 } from "../../src/keystore/rfc3339.js";

describe("core's own UTF-8 and base64", () => {
  it("agree with Node's Buffer", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const bytes = utf8Encode(text);
        expect(Buffer.from(bytes).equals(Buffer.from(text, "utf8"))).toBe(true);
        expect(utf8Decode(bytes)).toBe(text);
        expect(base64Encode(bytes)).toBe(Buffer.from(text).toString("base64"));
        expect(base64Encode(bytes, "url-nopad")).toBe(Buffer.from(text).toString("base64url"));
        expect(base64Decode(base64Encode(bytes), "std")).toEqual(bytes);
        expect(base64Decode(base64Encode(bytes, "url-nopad"), "url-nopad")).toEqual(bytes);
      }),
    );
  });

  it("decodes invalid UTF-8 as Node does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(utf8Decode(bytes)).toBe(Buffer.from(bytes).toString("utf8"));
      }),
    );
  });

  it("refuses what Go's decoders refuse", () => {
    expect(base64Decode("YQ==", "url-nopad")).toBeUndefined();
    expect(base64Decode("a+", "url-nopad")).toBeUndefined();
    expect(base64Decode("a-", "std")).toBeUndefined();
    expect(base64Decode("YWJjZ", "std")).toBeUndefined();
  });
});

describe("RFC 3339", () => {
  it("round-trips any instant at millisecond precision", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("0001-01-01T00:00:00Z"),
          max: new Date("9999-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        (date) => {
          expect(parseRfc3339(formatRfc3339Nano(date))?.getTime()).toBe(date.getTime());
        },
      ),
    );
  });

  it("reads offsets, long fractions and Go's zero time", () => {
    expect(parseRfc3339("2026-01-01T10:00:00.123456789+10:00")?.toISOString()).toBe(
      "2026-01-01T00:00:00.123Z",
    );
    expect(parseRfc3339("2026-01-01T00:00:00-01:30")?.toISOString()).toBe("2026-01-01T01:30:00.000Z");
    expect(parseRfc3339("0001-01-01T00:00:00Z")?.getTime()).toBe(-62135596800000);
    expect(parseRfc3339("2026-13-01T00:00:00Z")).toBeUndefined();
    expect(parseRfc3339("2026-01-01 00:00:00Z")).toBeUndefined();
  });
});
