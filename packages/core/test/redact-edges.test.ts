import { describe, expect, it } from "vitest";
import { redactExternal } from "../src/redact.js";

describe("redactExternal edges", () => {
  it("replaces a secret-looking run with exactly six stars", () => {
    expect(redactExternal("key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY; done")).toBe("key ******; done");
  });

  it.each([
    ["a lowercase hex digest", "3f786850e387550fdab836ed7e6dc881de23001b"],
    ["an uppercase hex digest", "3F786850E387550FDAB836ED7E6DC881DE23001B"],
  ])("keeps %s, which lacks one of the three kinds of character", (_what, run) => {
    expect(redactExternal(`request ${run} failed`)).toBe(`request ${run} failed`);
  });

  it("keeps every name when there are more than ten", () => {
    const arns = Array.from({ length: 12 }, (_, i) => `arn:aws:iam::111111111111:role/r${i}`);
    const text = arns.join(" ");
    expect(redactExternal(text, 10_000)).toBe(text);
  });

  it("still masks a key id inside a kept name", () => {
    expect(redactExternal("denied for arn:aws:sts::111111111111:assumed-role/r/AKIAIOSFODNN7EXAMPLE")).toBe(
      "denied for arn:aws:sts::111111111111:assumed-role/r/****MPLE",
    );
  });

  it.each([
    ["shorter than the limit", "abc", 4, "abc"],
    ["exactly the limit", "abcd", 4, "abcd"],
    ["one over the limit", "abcde", 4, "abcd… (1 more characters)"],
  ])("cuts text only when longer than the limit: %s", (_what, text, max, shown) => {
    expect(redactExternal(text, max)).toBe(shown);
  });
});
