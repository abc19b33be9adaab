import { parseIni } from "@vault-cli/core";
import { describe, expect, it } from "vitest";
import { valuesOf, warningsOf } from "../support/views.js";

const read = (...lines: string[]) => parseIni(lines.join("\n"), "config");
const sectionFromLine = (line: string) => valuesOf(read("[s]", line)).s;

describe("inline comments", () => {
  it.each([
    ["k = v ; c", "v"],
    ["k = v # c", "v"],
    ["k = v\t# c", "v"],
    ["k = v # a = b", "v"],
    ["k = # only a comment", ""],
    ["k = ;", ""],
  ])("`%s` is read as %j, with a warning", (line, value) => {
    const parsed = read("[s]", line);
    expect(valuesOf(parsed).s).toEqual({ k: value });
    expect(warningsOf(parsed)).toEqual(["2 inline-comment"]);
  });

  it.each([
    ["k = a;b", "a;b"],
    ["k = a#b", "a#b"],
    ["k = https://x/start#/", "https://x/start#/"],
    ["k =#kept", "#kept"],
    ["k=;kept", ";kept"],
    [
      `credential_process = /usr/bin/tool --arg "a=b" --other 'x;y'`,
      `/usr/bin/tool --arg "a=b" --other 'x;y'`,
    ],
  ])("`%s` keeps its # or ; when no whitespace precedes it", (line, value) => {
    const parsed = read("[s]", line);
    expect(Object.values(valuesOf(parsed).s!)).toEqual([value]);
    expect(parsed.warnings).toEqual([]);
  });

  it("leaves a # before the delimiter in the key, as botocore does", () => {
    expect(sectionFromLine("my #key = v")).toEqual({ "my #key": "v" });
  });
});

describe("section headers", () => {
  it.each([
    ["[profile a]", "profile a"],
    ["  [profile a]  ", "profile a"],
    ["[profile a] ; trailing text is ignored", "profile a"],
    ["[a]b]", "a]b"],
    ["[ spaced ]", " spaced "],
    ["[]]", "]"],
  ])("%j opens section %j", (line, header) => {
    expect(read(line, "k = v").sections.map((s) => s.header)).toEqual([header]);
  });

  it("does not read `[]` as a header", () => {
    const parsed = read("[s]", "[]");
    expect(parsed.sections.map((s) => s.header)).toEqual(["s"]);
    expect(warningsOf(parsed)).toEqual(["2 unparsable-line"]);
  });
});

describe("key lines", () => {
  it("splits at the first = or :, right-strips and lower-cases the key, strips the value", () => {
    expect(sectionFromLine("  Key With Spaces   =   a = b:c  ")).toEqual({ "key with spaces": "a = b:c" });
    expect(sectionFromLine("URL: https://x?a=b")).toEqual({ url: "https://x?a=b" });
  });

  it("warns about a colon delimiter", () => {
    expect(warningsOf(read("[profile p]", "region: us-east-1"))).toEqual(["2 colon-delimiter (p)"]);
  });

  it("reads `key =` with nothing after it as an empty string", () => {
    expect(sectionFromLine("source_profile =")).toEqual({ source_profile: "" });
  });

  it("treats keys that differ only by case as duplicates", () => {
    const parsed = read("[s]", "Region = a", "REGION = b");
    expect(valuesOf(parsed).s).toEqual({ region: "b" });
    expect(warningsOf(parsed)).toEqual(["3 duplicate-key"]);
  });
});

describe("continuation lines", () => {
  it("joins lines indented deeper than the key with \\n, keeping inner blank lines and dropping trailing ones", () => {
    const parsed = read("[s]", "k = one", "  two", "", "    three", "", "", "next = x");
    expect(valuesOf(parsed).s).toEqual({ k: "one\ntwo\n\nthree", next: "x" });
    expect(warningsOf(parsed)).toEqual(["3 continuation-line", "5 continuation-line"]);
  });

  it("counts a tab as one column, so a tab does not continue a key indented by one space", () => {
    expect(valuesOf(read("[s]", " a = 1", "\tb = 2")).s).toEqual({ a: "1", b: "2" });
    expect(valuesOf(read("[s]", "a = 1", "\tb = 2")).s).toEqual({ a: "1\nb = 2" });
  });

  it("strips an inline comment on each continued line", () => {
    const parsed = read("[s]", "k = one", "  two ; c", "  three#kept");
    expect(valuesOf(parsed).s).toEqual({ k: "one\ntwo\nthree#kept" });
  });

  it("keeps a line that is not `key = value` open for continuation lines, as configparser does", () => {
    const parsed = read("[s]", "k = v", "garbage", "  more");
    expect(valuesOf(parsed).s).toEqual({ k: "v\nmore" });
    expect(warningsOf(parsed)).toEqual(["3 unparsable-line", "4 continuation-line"]);
  });

  it("does not continue a key that has no name", () => {
    const parsed = read("[s]", "= v", "  k = w");
    expect(valuesOf(parsed).s).toEqual({ k: "w" });
    expect(warningsOf(parsed)).toEqual(["2 unparsable-line"]);
  });
});

describe("nested sub-sections", () => {
  it("reads `key =` followed by indented lines as a sub-section whose keys keep their case", () => {
    const parsed = read(
      "[services x]",
      "s3 =",
      "  Endpoint_URL = http://a = b",
      "",
      "  k=v",
      "dynamodb =",
      "  endpoint_url = http://d",
    );
    expect(valuesOf(parsed)["services x"]).toEqual({
      s3: { Endpoint_URL: "http://a = b", k: "v" },
      dynamodb: { endpoint_url: "http://d" },
    });
    expect(parsed.warnings).toEqual([]);
  });

  it("strips inline comments per line and keeps a # before the = in the sub-key, as botocore", () => {
    const parsed = read("[s]", "s3 =", "  a = 1 # c", "  b #x = 2");
    expect(valuesOf(parsed).s).toEqual({ s3: { a: "1", "b #x": "2" } });
    expect(warningsOf(parsed)).toEqual(["3 inline-comment"]);
  });

  it("skips a sub-section line without =, saying the AWS CLI rejects the file", () => {
    const parsed = read("[s]", "s3 =", "  a = 1", "  not a pair");
    expect(valuesOf(parsed).s).toEqual({ s3: { a: "1" } });
    expect(warningsOf(parsed)).toEqual(["4 unparsable-line"]);
    expect(parsed.warnings[0]!.message).toContain("the AWS CLI rejects the whole file");
  });

  it("reads a sub-section after `key = # comment`, and says how the AWS CLI reads it instead", () => {
    const parsed = read("[s]", "s3 = # tuned", "  a = 1", "  words");
    expect(valuesOf(parsed).s).toEqual({ s3: { a: "1" } });
    expect(warningsOf(parsed)).toEqual(["2 inline-comment", "4 unparsable-line"]);
    expect(parsed.warnings[1]!.message).toContain(
      `the AWS CLI reads "# tuned" and the indented lines as the value`,
    );
  });

  it("reads `key =` followed only by blank lines as an empty string", () => {
    expect(valuesOf(read("[s]", "k =", "", "   ", "j = 1")).s).toEqual({ k: "", j: "1" });
  });

  it("makes sub-keys such as __proto__ plain data", () => {
    const value = read("[s]", "s3 =", "  __proto__ = x").sections[0]!.entries.get("s3")!.value;
    expect(Object.entries(value)).toEqual([["__proto__", "x"]]);
  });
});

describe("whole-file rules", () => {
  it("strips a leading BOM with a warning at line 1", () => {
    const parsed = parseIni("\uFEFF[default]\nregion = x\n", "config");
    expect(valuesOf(parsed)).toEqual({ default: { region: "x" } });
    expect(warningsOf(parsed)).toEqual(["1 bom"]);
  });

  it("splits \\r\\n, \\r and \\n alike", () => {
    const parsed = parseIni("[a]\r\nk = 1\r[b]\nk = 2\r\n", "config");
    expect(valuesOf(parsed)).toEqual({ a: { k: "1" }, b: { k: "2" } });
    expect(parsed.sections.map((s) => s.line)).toEqual([1, 3]);
  });

  it("skips keys before any section with key-outside-section, other text with unparsable-line", () => {
    const parsed = read("region = x", "words", "# fine", "[s]", "k = v");
    expect(valuesOf(parsed)).toEqual({ s: { k: "v" } });
    expect(warningsOf(parsed)).toEqual(["1 key-outside-section", "2 unparsable-line"]);
  });

  it("reads an empty text as no sections and no warnings", () => {
    expect(parseIni("", "config")).toEqual({ file: "config", sections: [], warnings: [] });
  });
});
