import { inlineCommentStart } from "./cut-inline-comment.js";
import { indentOf, splitLines, stripIni, stripSlice } from "./ini-text.js";
import {
  addBlankLine,
  closeEntry,
  continueEntry,
  type OpenEntry,
  REJECTS,
  warnComment,
} from "./open-entry.js";
import { createSectionCollector, type SectionCollector } from "./section-collector.js";
import type { ParsedIni } from "./types.js";

const BOM = "\uFEFF";

/** configparser's reading state: the key that indented lines continue, and the indent they must exceed. */
interface ReadState {
  readonly sections: SectionCollector;
  entry: OpenEntry | undefined;
  indent: number;
}

/**
 * Reads an AWS config/credentials file the way botocore's `raw_config_parse` (Python's RawConfigParser) does,
 * except for the documented differences, each reported as a warning instead of rejecting the file.
 * Never throws; runs in time linear in the text's length.
 */
export function parseIni(text: string, file: string): ParsedIni {
  const hasBom = text.startsWith(BOM);
  return parseIniParts([{ lines: splitLines(hasBom ? text.slice(1) : text), firstLine: 1 }], file, hasBom);
}

/** Consecutive lines of a file, and the number of the first. */
export interface IniPart {
  readonly lines: readonly string[];
  readonly firstLine: number;
}

/**
 * Reads parts of a file, in order, numbered as in the whole file. Each part after the first must begin at an
 * unindented `[header]` line, where the parser's state starts over anyway: the sections read are then exactly
 * those of the whole file (the lazy config reads one profile's sections so).
 */
export function parseIniParts(parts: readonly IniPart[], file: string, hasBom = false): ParsedIni {
  const sections = createSectionCollector(file);
  if (hasBom)
    sections.warn("bom", 1, `the file starts with a UTF-8 byte order mark, which is ignored (${REJECTS})`);
  const state: ReadState = { sections, entry: undefined, indent: 0 };
  for (const { lines, firstLine } of parts) {
    for (let i = 0; i < lines.length; i++) readLine(state, lines[i]!, firstLine + i);
  }
  setEntry(state, undefined);
  return { file, ...sections.finish() };
}

function readLine(state: ReadState, raw: string, line: number): void {
  const text = stripIni(raw);
  if (text === "") {
    if (state.entry) addBlankLine(state.entry);
    return;
  }
  // A full-line comment neither ends nor joins a value, even when indented.
  if (text[0] === "#" || text[0] === ";") return;
  const indent = indentOf(raw);
  if (state.entry && indent > state.indent) {
    continueEntry(state.entry, text, line, state.sections.warn);
    return;
  }
  state.indent = indent;
  const header = sectionHeader(text);
  if (header !== undefined) {
    setEntry(state, undefined);
    state.sections.openSection(header, line);
  } else {
    readKeyLine(state, text, line);
  }
}

/** Closes the open entry (its value becomes final) before another takes its place. */
function setEntry(state: ReadState, entry: OpenEntry | undefined): void {
  if (state.entry) closeEntry(state.entry);
  state.entry = entry;
}

/** Python's `\[(?P<header>.+)\]` matched at the start of the stripped line: the header runs to the last `]`. */
function sectionHeader(text: string): string | undefined {
  if (text[0] !== "[") return undefined;
  const close = text.lastIndexOf("]");
  return close >= 2 ? text.slice(1, close) : undefined;
}

function readKeyLine(state: ReadState, text: string, line: number): void {
  const { sections } = state;
  const delimiter = firstDelimiter(text);
  if (sections.current === undefined) {
    const code = delimiter < 0 ? "unparsable-line" : "key-outside-section";
    sections.warn(
      code,
      line,
      `"${text}" comes before any [section] header; the line is skipped (${REJECTS})`,
    );
    return;
  }
  // Like configparser, a line that is not "key = value" leaves the previous key open for continuation lines.
  if (delimiter < 0) {
    sections.warn(
      "unparsable-line",
      line,
      `"${text}" is neither a [section] header nor "key = value"; the line is skipped (${REJECTS})`,
    );
    return;
  }
  const key = stripSlice(text, 0, delimiter).toLowerCase();
  if (key === "") {
    setEntry(state, undefined);
    sections.warn(
      "unparsable-line",
      line,
      `"${text}" has no key before "${text[delimiter]}"; the line is skipped (${REJECTS})`,
    );
    return;
  }
  if (text[delimiter] === ":") {
    sections.warn(
      "colon-delimiter",
      line,
      `"${key}" is followed by ":" instead of "="; the JS SDK splits on "=" only and misreads this line`,
    );
  }
  const commentAt = inlineCommentStart(text, delimiter);
  const value = stripSlice(text, delimiter + 1, commentAt < 0 ? text.length : commentAt);
  const comment = commentAt < 0 ? undefined : text.slice(commentAt);
  if (comment !== undefined) warnComment(comment, line, sections.warn);
  setEntry(state, sections.addEntry(key, value, line, comment));
}

/** configparser's OPTCRE splits at the first `=` or `:`, whichever comes first. Native indexOf: this runs per line. */
function firstDelimiter(text: string): number {
  const equals = text.indexOf("=");
  const colon = text.indexOf(":");
  if (equals < 0 || colon < 0) return Math.max(equals, colon);
  return Math.min(equals, colon);
}
