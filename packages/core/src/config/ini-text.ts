/**
 * Character-level helpers shared by the INI parser.
 *
 * Python's `str.strip()` and JavaScript's `trim()` disagree on exotic whitespace (`\x1c`, `\u00a0`, the BOM, ...),
 * so neither is used: vault-cli's whitespace is exactly space, tab, form feed and vertical tab. `\r` and `\n`
 * never occur inside a line because lines are split on them first. The differential tests against botocore
 * therefore generate only printable ASCII, space, tab and a few non-ASCII letters.
 */
export function isIniSpace(char: string | undefined): boolean {
  return char === " " || char === "\t" || char === "\f" || char === "\v";
}

/** Splits like Python's universal newlines: `\r\n`, `\r` and `\n` each end a line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Index of the first non-space character (tabs count as one column, as in configparser). */
export function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && isIniSpace(line[i])) i++;
  return i;
}

export function stripIni(text: string): string {
  return stripSlice(text, 0, text.length);
}

/** `stripIni(text.slice(start, end))` with one slice instead of two: the parser does this on every line. */
export function stripSlice(text: string, start: number, end: number): string {
  while (start < end && isIniSpace(text[start])) start++;
  while (end > start && isIniSpace(text[end - 1])) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

export function containsIniSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isIniSpace(text[i])) return true;
  return false;
}
