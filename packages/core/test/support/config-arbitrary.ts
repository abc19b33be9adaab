import fc from "fast-check";

/*
 * Generated AWS config files for the differential test against botocore.
 * Text is limited to printable ASCII, space, tab and a few non-ASCII letters: Python's str.strip()/isspace()
 * and vault-cli's whitespace (space, tab, \f, \v) differ on other characters, by design.
 * A " #" or " ;" only ever starts a line's trailing comment, whose text holds no "=" or ":". The oracle cuts each
 * whole line at its first comment, vault-cli only the part after the delimiter; they differ where a comment mark
 * precedes the delimiter (`my #key = v`, `[a #b]`, a sub-section line `x #y = z`), which botocore and vault-cli
 * both read as part of the key. Those cases have unit tests instead.
 */

const NAMES = ["dev", "prod", "a", "x-1", "team.ops", "Ünï", "日本", "a#b", "a;b", "default"];
const KEYS = [
  "region",
  "output",
  "source_profile",
  "role_arn",
  "mfa_serial",
  "sso_start_url",
  "credential_process",
];
const MORE_KEYS = ["key with spaces", "cli_pager", "duration_seconds", "Ωmega", "endpoint_url", "s3"];
const SUB_KEYS = ["endpoint_url", "max_concurrent_requests", "addressing_style", "Signature_Version", "a=b"];
const TOKENS = [
  "us-east-1",
  "json",
  "a=b",
  "x;y",
  "a#b",
  "https://x/start#/",
  '"quoted value"',
  "'x;y'",
  "arn:aws:iam::123456789012:role/r",
  "é",
  "日本",
  "--flag",
  "\\",
  "C:\\path",
  "k: v",
  "[not-a-header]",
];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const space = pick(["", " ", "  ", "\t"]);
const someSpace = pick([" ", "  ", "\t", " \t"]);

const token = pick(TOKENS);
const value = fc
  .array(fc.tuple(pick(["", " ", "  "]), pick(TOKENS)), { maxLength: 4 })
  .map((parts) => parts.map(([sep, token], i) => (i === 0 ? token : sep + token)).join(""));

const comment = fc
  .tuple(someSpace, pick(["#", ";"]), pick(["", " note", " see the wiki", "#"]))
  .map(([sep, mark, text]) => sep + mark + text);

/** A key with the case varied: keys are case-insensitive, so `Region` next to `region` is a duplicate. */
const key = fc
  .tuple(pick([...KEYS, ...MORE_KEYS]), pick(["lower", "upper", "title"]))
  .map(([k, style]) =>
    style === "upper" ? k.toUpperCase() : style === "title" ? k[0]!.toUpperCase() + k.slice(1) : k,
  );

/** Body items are built from the key they are given, so a section's keys can be mostly distinct. */
type Item = (key: string) => string[];

/** A `#` or `;` right after the delimiter is part of the value, not a comment. */
const glued = fc.option(pick(["#tag", ";semi"]), { freq: 6 });

const keyLine = (nonEmpty: boolean): fc.Arbitrary<Item> =>
  fc
    .tuple(
      pick(["", "", "", " "]),
      space,
      pick(["=", "=", "=", ":"]),
      space,
      glued,
      nonEmpty ? token : value,
      fc.option(comment),
    )
    .map(([indent, a, delimiter, b, lead, v, c]) => (k) => [
      `${indent}${k}${a}${delimiter}${lead ?? b}${v}${c ?? ""}`,
    ]);

const subLine = fc
  .tuple(pick(["  ", "    ", "\t"]), pick(SUB_KEYS), space, space, value, fc.option(comment))
  .map(([indent, k, a, b, v, c]) => `${indent}${k}${a}=${b}${v}${c ?? ""}`);

const blockExtra = pick(["", "   ", "  # comment in the block", "\t; another"]);

const nestedBlock: fc.Arbitrary<Item> = fc
  .tuple(
    fc.option(comment),
    fc.array(fc.oneof({ weight: 4, arbitrary: subLine }, blockExtra), { minLength: 1, maxLength: 4 }),
  )
  .map(([c, lines]) => (k) => [`${k} =${c ?? ""}`, ...lines]);

const continuation = fc
  .tuple(
    pick(["  ", "    ", "\t"]),
    value.filter((v) => v !== ""),
    fc.option(comment),
  )
  .map(([indent, v, c]) => indent + v + (c ?? ""));

const continued: fc.Arbitrary<Item> = fc
  .tuple(keyLine(true), fc.array(continuation, { minLength: 1, maxLength: 2 }))
  .map(([first, more]) => (k) => [...first(k), ...more]);

const filler: fc.Arbitrary<Item> = pick(["", "   ", "# a comment", "  ; indented comment", "#"]).map(
  (line) => () => [line],
);

const bodyItem = fc.oneof(
  { weight: 6, arbitrary: keyLine(false) },
  { weight: 2, arbitrary: nestedBlock },
  { weight: 2, arbitrary: continued },
  { weight: 2, arbitrary: filler },
);

/** Items take the section's distinct keys in turn and reuse them (a duplicate) only when they run out. */
const body = fc
  .tuple(
    fc.uniqueArray(key, { selector: (k) => k.toLowerCase(), minLength: 4, maxLength: 8 }),
    fc.array(bodyItem, { maxLength: 7 }),
  )
  .map(([keys, items]) => items.flatMap((item, i) => item(keys[i % keys.length]!)));

const header = fc.oneof(
  { weight: 5, arbitrary: pick(NAMES).map((n) => `profile ${n}`) },
  { weight: 2, arbitrary: pick(["default", "preview", "foo", "plugins", " ", "profile", "DEFAULT"]) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(space, someSpace, pick(NAMES), space)
      .map(([a, b, n, c]) => `${a}profile${b}${n}${c}`),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(pick(["sso-session", "services"]), pick(NAMES)).map(([p, n]) => `${p} ${n}`),
  },
);

const section = fc
  .tuple(header, fc.option(comment), body)
  .map(([h, c, lines]) => [`[${h}]${c ?? ""}`, ...lines]);

/** Rare edits that botocore rejects: a BOM, a line without "=", a key with no name, a key before any header, `[]`. */
const breakage = pick([
  (lines: string[]) => lines,
  (lines: string[]) => [`\uFEFF${lines[0] ?? ""}`, ...lines.slice(1)],
  (lines: string[]) => [...lines, "just some words"],
  (lines: string[]) => [...lines, "= no key"],
  (lines: string[]) => ["region = us-east-1", ...lines],
  (lines: string[]) => [...lines, "[]"],
]);

export const configText: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(section, { minLength: 1, maxLength: 5 }),
    fc.oneof({ weight: 6, arbitrary: pick([(l: string[]) => l]) }, { weight: 1, arbitrary: breakage }),
    pick(["\n", "\n", "\r\n", "\r"]),
    fc.boolean(),
  )
  .map(([sections, edit, eol, finalEol]) => edit(sections.flat()).join(eol) + (finalEol ? eol : ""));
