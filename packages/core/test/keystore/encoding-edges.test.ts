import { describe, expect, it } from "vitest";
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from "../../src/keystore/base64.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("utf8Encode at the boundaries of each sequence length", () => {
  it.each([
    ["U+007F", "\u007f", "7f"],
    ["U+0080", "\u0080", "c280"],
    ["U+07FF", "\u07ff", "dfbf"],
    ["U+0800", "\u0800", "e0a080"],
    ["U+D7FF", "\ud7ff", "ed9fbf"],
    ["a lone high surrogate U+D800", "\ud800", "efbfbd"],
    ["a lone low surrogate U+DFFF", "\udfff", "efbfbd"],
    ["U+E000", "\ue000", "ee8080"],
    ["U+FFFF", "\uffff", "efbfbf"],
    ["U+10000", "\u{10000}", "f0908080"],
    ["U+10FFFF", "\u{10ffff}", "f48fbfbf"],
  ])("encodes %s", (_what, text, bytes) => {
    expect(hex(utf8Encode(text))).toBe(bytes);
  });
});

describe("utf8Decode of edge sequences, as TextDecoder reads them", () => {
  it.each([
    ["a lone continuation byte", "80"],
    ["the lowest 2-byte lead", "c280"],
    ["the highest 2-byte lead", "dfbf"],
    ["an overlong lead C1", "c1bf"],
    ["an overlong 3-byte sequence", "e08080"],
    ["the lowest 3-byte sequence", "e0a080"],
    ["an encoded surrogate", "eda080"],
    ["the highest 3-byte sequence before surrogates", "ed9fbf"],
    ["an overlong 4-byte sequence", "f0808080"],
    ["the lowest 4-byte sequence", "f0908080"],
    ["a 4-byte sequence led by F1", "f1808080"],
    ["a 4-byte sequence led by F4", "f4808080"],
    ["a sequence above U+10FFFF", "f4908080"],
    ["a lead byte F5", "f5808080"],
    ["a truncated sequence", "41e0a0"],
    ["ASCII then a multi-byte character", "41c3a9"],
  ])("decodes %s", (_what, bytes) => {
    const input = Uint8Array.from(Buffer.from(bytes, "hex"));
    expect(utf8Decode(input)).toBe(new TextDecoder().decode(input));
  });
});

describe("base64 refusals", () => {
  it.each([
    ["std", "YQ="],
    ["std", "Y\u00e9=="],
    ["std", "YQ\u0080="],
    ["std", "YW\u00ff"],
    ["std", "a-"],
    ["std", "a_"],
    ["url-nopad", "a+"],
    ["url-nopad", "a/"],
    ["url-nopad", "YQ=="],
    ["url-nopad", "Y\u00e9"],
  ] as const)("%s refuses %j", (variant, text) => {
    expect(base64Decode(text, variant)).toBeUndefined();
  });

  it("writes both alphabets' last characters", () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf]);
    expect(base64Encode(bytes, "std")).toBe("+/+/");
    expect(base64Encode(bytes, "url-nopad")).toBe("-_-_");
    expect(hex(base64Decode("+/+/", "std")!)).toBe("fbffbf");
    expect(hex(base64Decode("-_-_", "url-nopad")!)).toBe("fbffbf");
  });
});
