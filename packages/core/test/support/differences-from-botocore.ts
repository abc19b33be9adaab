import { isDeepStrictEqual } from "node:util";
import { type ConfigWarningCode, type IniValue, type ParsedIni, parseIni } from "@vault-cli/core";
import type { BotocoreResult, BotocoreSections, BotocoreValue } from "./botocore.js";

/** The warnings that say "the AWS CLI rejects the whole file", by the exception botocore raises. */
const EXPLAINED_BY: Readonly<Record<string, readonly ConfigWarningCode[]>> = {
  DuplicateOptionError: ["duplicate-key"],
  DuplicateSectionError: ["duplicate-section"],
  MissingSectionHeaderError: ["bom", "key-outside-section", "unparsable-line"],
  ParsingError: ["unparsable-line"],
  ValueError: ["unparsable-line"], // _parse_nested: a sub-section line without "="
};
const REJECTS = "the AWS CLI rejects the whole file";

/**
 * Checks vault-cli's reading of `text` against botocore's and returns what disagrees (empty when they agree):
 * - botocore rejects the file: a warning of a code that explains the exception must exist;
 * - botocore reads it: no warning may claim it would not, our sections must equal botocore's with inline
 *   comments stripped (minus [DEFAULT] keys), and every raw value that differs needs an inline-comment warning.
 */
export function differencesFromBotocore(text: string, boto: BotocoreResult): string[] {
  const parsed = parseIni(text, "config");
  if ("error" in boto.raw) {
    const codes = EXPLAINED_BY[boto.raw.error.split(":")[0]!] ?? [];
    const explained = parsed.warnings.some((w) => codes.includes(w.code));
    return explained ? [] : [`botocore raised "${boto.raw.error}" and no ${codes.join("/")} warning says so`];
  }
  const problems = parsed.warnings
    .filter((w) => w.message.includes(`${REJECTS})`))
    .map((w) => `botocore reads the file, yet we warned: ${w.message}`);
  if ("error" in boto.stripped) return [...problems, ...commentMadeSubSection(parsed, boto.stripped.error)];
  const ours = plainSections(parsed);
  const expected = withoutDefaults(boto.stripped.ok, boto);
  if (!isDeepStrictEqual(ours, expected)) {
    problems.push(
      `sections differ:\n ours     ${JSON.stringify(ours)}\n botocore ${JSON.stringify(expected)}`,
    );
  }
  if (boto.defaults.length > 0 && !parsed.warnings.some((w) => w.code === "default-section")) {
    problems.push("[DEFAULT] has keys but no default-section warning");
  }
  return [...problems, ...unexplainedRawDifferences(parsed, withoutDefaults(boto.raw.ok, boto))];
}

/**
 * `s3 = # note` followed by indented lines that are not `k = v`: with the comment cut, botocore would reject the
 * sub-section; as written it reads one string. Sections cannot be compared, but both readings must be warned.
 */
function commentMadeSubSection(parsed: ParsedIni, error: string): string[] {
  const codes = new Set(parsed.warnings.map((w) => w.code));
  const warned =
    error.startsWith("ValueError") && codes.has("inline-comment") && codes.has("unparsable-line");
  return warned ? [] : [`oracle: only the stripped run raised "${error}", and it is not warned`];
}

function plainSections(parsed: ParsedIni): BotocoreSections {
  const plain = (value: IniValue): BotocoreValue => (typeof value === "string" ? value : { ...value });
  return Object.fromEntries(
    parsed.sections.map((s) => [
      s.header,
      Object.fromEntries([...s.entries].map(([k, e]) => [k, plain(e.value)])),
    ]),
  );
}

function withoutDefaults(sections: BotocoreSections, boto: BotocoreResult): BotocoreSections {
  return Object.fromEntries(
    Object.entries(sections).map(([header, keys]) => {
      const own = boto.own[header] ?? [];
      return [header, Object.fromEntries(Object.entries(keys).filter(([key]) => own.includes(key)))];
    }),
  );
}

/** Where the AWS CLI's value differs from ours, an inline-comment warning must be among the key's lines. */
function unexplainedRawDifferences(parsed: ParsedIni, raw: BotocoreSections): string[] {
  const starts = parsed.sections.flatMap((s) => [s.line, ...[...s.entries.values()].map((e) => e.line)]);
  starts.push(...parsed.warnings.filter((w) => w.code === "default-section").map((w) => w.line));
  const problems: string[] = [];
  for (const section of parsed.sections) {
    for (const [key, entry] of section.entries) {
      const theirs = raw[section.header]?.[key];
      const value = typeof entry.value === "string" ? entry.value : { ...entry.value };
      if (theirs === undefined || isDeepStrictEqual(theirs, value)) continue;
      const end = Math.min(...starts.filter((line) => line > entry.line), Number.POSITIVE_INFINITY);
      const warned = parsed.warnings.some(
        (w) => w.code === "inline-comment" && w.line >= entry.line && w.line < end,
      );
      if (!warned)
        problems.push(
          `line ${entry.line}: "${key}" differs from the AWS CLI's ${JSON.stringify(theirs)} unwarned`,
        );
    }
  }
  return problems;
}
