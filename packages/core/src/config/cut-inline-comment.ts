import { stripIni } from "./ini-text.js";

interface CutValue {
  /** The value with any inline comment removed, stripped. */
  readonly value: string;
  /** The removed comment, starting at its `#` or `;`. */
  readonly comment: string | undefined;
}

/**
 * Where an inline comment starts in `text`, or -1: at a `#` or `;` preceded by whitespace, as the JS SDK, the
 * Go SDK v2 and ByteNess/aws-vault read it. `a;b`, `a#b` and `https://x/start#/` keep theirs. `text` is what
 * follows the delimiter (or a whole continuation line), so a `#` right after `=` is not preceded by whitespace.
 */
export function inlineCommentStart(text: string, from = 0): number {
  // A native regex scan: this runs on every value of every line.
  COMMENT.lastIndex = from;
  const match = COMMENT.exec(text);
  return match === null ? -1 : match.index + 1;
}

/** Whitespace (vault-cli's set, see ini-text.ts) followed by `#` or `;`. */
const COMMENT = /[ \t\f\v][#;]/g;

/** Splits `text` into its stripped value and its inline comment, if any. */
export function cutInlineComment(text: string): CutValue {
  const at = inlineCommentStart(text);
  if (at < 0) return { value: stripIni(text), comment: undefined };
  return { value: stripIni(text.slice(0, at)), comment: text.slice(at) };
}
