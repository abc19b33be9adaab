import { type AwsConfig, type ParsedIni, parseAwsConfig, parseIni } from "@vault-cli/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configText } from "../support/config-arbitrary.js";

const TOKENS = [
  "[",
  "]",
  "=",
  ":",
  "#",
  ";",
  " ",
  "\t",
  "\f",
  "\v",
  "\n",
  "\r",
  "\r\n",
  "\uFEFF",
  "\\",
  '"',
  "'",
  "profile",
  "default",
  "DEFAULT",
  "sso-session",
  "services",
  "s3",
  "a",
  "K",
  "__proto__",
  "é",
  "\u2028",
];
const configish = fc.string({ unit: fc.constantFrom(...TOKENS), maxLength: 200 });
const anyText = fc.string({ unit: "binary", maxLength: 200 });

/** Every line number a result reports, from sections, entries, settings and warnings. */
function reportedLines(parsed: ParsedIni, config: AwsConfig): number[] {
  const sections = [...config.profiles.values(), ...config.ssoSessions.values(), ...config.services.values()];
  return [
    ...parsed.sections.flatMap((s) => [s.line, ...[...s.entries.values()].map((e) => e.line)]),
    ...parsed.warnings.map((w) => w.line),
    ...sections.flatMap((s) => [s.location.line, ...[...s.settings.values()].map((v) => v.location.line)]),
    ...config.warnings.map((w) => w.line),
  ];
}

describe("parseIni and parseAwsConfig on any text", () => {
  // The contract allows a VaultError; the implementation promises more (never throwing), so that is asserted.
  it.each([
    ["config-like tokens", configish],
    ["arbitrary Unicode, lone surrogates included", anyText],
  ])("never throw and report only lines that exist, on %s", (_, text) => {
    fc.assert(
      fc.property(text, (t) => {
        const lineCount = t.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/).length;
        const lines = reportedLines(parseIni(t, "config"), parseAwsConfig(t, "config"));
        expect(lines.every((line) => Number.isInteger(line) && line >= 1 && line <= lineCount)).toBe(true);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});

describe("line endings and the BOM", () => {
  const lines = configText.map((t) => t.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/));

  it("\\n, \\r\\n and \\r give the same result", () => {
    fc.assert(
      fc.property(lines, (ls) => {
        const lf = parseIni(ls.join("\n"), "config");
        expect(parseIni(ls.join("\r\n"), "config")).toEqual(lf);
        expect(parseIni(ls.join("\r"), "config")).toEqual(lf);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it("a BOM adds one warning and changes nothing else", () => {
    fc.assert(
      fc.property(lines, (ls) => {
        const plain = parseIni(ls.join("\n"), "config");
        const bom = parseIni(`\uFEFF${ls.join("\n")}`, "config");
        expect(bom.sections).toEqual(plain.sections);
        expect(bom.warnings.map((w) => w.code)).toEqual(["bom", ...plain.warnings.map((w) => w.code)]);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
