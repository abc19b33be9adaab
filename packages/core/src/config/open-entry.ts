import type { SourceLocation } from "../errors.js";
import { cutInlineComment } from "./cut-inline-comment.js";
import { stripIni } from "./ini-text.js";
import type { ConfigWarningCode, IniValue } from "./types.js";

type WarnAt = (code: ConfigWarningCode, line: number, detail: string) => void;

/**
 * An entry as stored in its section; `value` is final once the entry is closed. It is both the parser's
 * IniEntry and the AWS level's Setting, so a 5,000-profile file allocates one object per key, not three.
 */
export class StoredEntry {
  constructor(
    readonly key: string,
    public value: IniValue,
    readonly line: number,
    readonly file: string,
  ) {}

  /** Built on demand: only errors and explain ever ask for it. */
  get location(): SourceLocation {
    return { file: this.file, line: this.line };
  }
}

/**
 * The entry that more-indented lines continue (configparser's `optname`). An empty first value followed by
 * indented `k = v` lines is a sub-section (botocore `_parse_nested`); otherwise the lines join with "\n".
 * Plain data rather than closures: a large file opens one of these per key.
 */
export interface OpenEntry {
  readonly entry: StoredEntry;
  /** The value on the key's own line. */
  readonly first: string;
  /** The inline comment cut from the first line, if any. */
  readonly comment: string | undefined;
  /** In [DEFAULT], whose sub-sections botocore parses only when copying them into another section. */
  readonly inDefault: boolean;
  /** Text mode: the first value, then one string per continuation or blank line. */
  parts: string[] | undefined;
  /** Sub-section mode: the keys read so far. */
  nested: Record<string, string> | undefined;
}

export const REJECTS = "the AWS CLI rejects the whole file";

export function openEntry(init: Omit<OpenEntry, "parts" | "nested">, warn: WarnAt): OpenEntry {
  checkValue(init.entry.key, init.first, init.entry.line, warn);
  // Fields listed rather than spread: `{ ...init }` made this the parser's hot spot on a 5,000-profile file.
  const { entry, first, comment, inDefault } = init;
  return { entry, first, comment, inDefault, parts: undefined, nested: undefined };
}

/** An indented line under the key: `text` is the stripped, non-empty line. */
export function continueEntry(open: OpenEntry, text: string, line: number, warn: WarnAt): void {
  if (open.first === "") continueSubSection(open, text, line, warn);
  else continueText(open, text, line, warn);
}

function continueText(open: OpenEntry, text: string, line: number, warn: WarnAt): void {
  const { key } = open.entry;
  const { value, comment } = cutInlineComment(text);
  if (comment !== undefined) warnComment(comment, line, warn);
  warn("continuation-line", line, `the indented line "${value}" is read as part of the value of "${key}"`);
  checkValue(key, value, line, warn);
  textParts(open).push(value);
}

function continueSubSection(open: OpenEntry, text: string, line: number, warn: WarnAt): void {
  const { key } = open.entry;
  // A null prototype, so a sub-key such as "__proto__" or "toString" is plain data.
  if (open.nested === undefined) open.nested = Object.create(null) as Record<string, string>;
  const nested = open.nested;
  const equals = text.indexOf("=");
  if (equals < 0) {
    const theirs = badSubLineReading(open);
    warn("unparsable-line", line, `"${text}" under "${key} =" has no "="; the line is skipped (${theirs})`);
    return;
  }
  const subKey = stripIni(text.slice(0, equals));
  const { value, comment } = cutInlineComment(text.slice(equals + 1));
  if (comment !== undefined) warnComment(comment, line, warn);
  checkValue(`${key}.${subKey}`, value, line, warn);
  nested[subKey] = value;
}

/** A blank line inside a text value: configparser keeps it unless it ends the value. */
export function addBlankLine(open: OpenEntry): void {
  if (open.first !== "") textParts(open).push("");
}

function textParts(open: OpenEntry): string[] {
  if (open.parts === undefined) open.parts = [open.first];
  return open.parts;
}

export function closeEntry(open: OpenEntry): void {
  if (open.nested !== undefined) open.entry.value = open.nested;
  if (open.parts === undefined) return;
  // configparser right-strips the joined value, which drops trailing blank lines.
  let end = open.parts.length;
  while (end > 1 && open.parts[end - 1] === "") end--;
  open.entry.value = open.parts.slice(0, end).join("\n");
}

export function warnComment(comment: string, line: number, warn: WarnAt): void {
  warn(
    "inline-comment",
    line,
    `"${comment}" is read as a comment; the AWS CLI keeps " ${comment}" as part of the value`,
  );
}

function badSubLineReading({ comment, inDefault }: OpenEntry): string {
  // With the comment kept, the AWS CLI's value does not start with a newline, so it is no sub-section.
  if (comment !== undefined) return `the AWS CLI reads "${comment}" and the indented lines as the value`;
  return inDefault ? `${REJECTS} if it has any other section` : REJECTS;
}

function checkValue(key: string, value: string, line: number, warn: WarnAt): void {
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) {
    warn(
      "quoted-value",
      line,
      `the value of "${key}" keeps its quotes (as in the AWS CLI); aws-vault removes them`,
    );
  }
  if (value.endsWith("\\")) {
    warn(
      "line-continuation",
      line,
      `the value of "${key}" ends in "\\"; aws-vault joins the next line to it, vault-cli and the AWS CLI do not`,
    );
  }
}
