import type { ConfigWarning, IniValue, ParsedIni } from "@vault-cli/core";

type PlainValue = string | Record<string, string>;

const plain = (value: IniValue): PlainValue => (typeof value === "string" ? value : { ...value });

/** header → key → value, the shape botocore's raw_config_parse returns. */
export function valuesOf(parsed: ParsedIni): Record<string, Record<string, PlainValue>> {
  return Object.fromEntries(
    parsed.sections.map((s) => [
      s.header,
      Object.fromEntries([...s.entries].map(([k, e]) => [k, plain(e.value)])),
    ]),
  );
}

/** header → key → 1-based line of the `key =` line. */
export function linesOf(parsed: ParsedIni): Record<string, Record<string, number>> {
  return Object.fromEntries(
    parsed.sections.map((s) => [s.header, Object.fromEntries([...s.entries].map(([k, e]) => [k, e.line]))]),
  );
}

/** Warnings as "line code (profile)", the parts a user scans for. */
export function warningsOf(result: { readonly warnings: readonly ConfigWarning[] }): string[] {
  return result.warnings.map((w) => `${w.line} ${w.code}${w.profile === undefined ? "" : ` (${w.profile})`}`);
}
