import { utf8Encode } from "../keystore/base64.js";

const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

/** The section header aws-vault writes for a profile: `[default]` or `[profile <name>]`. */
function sectionHeader(profile: string): string {
  return profile === "default" ? "[default]" : `[profile ${profile}]`;
}

/**
 * The config file's bytes with an empty section for `profile` appended, as aws-vault's ConfigFile.Add
 * does: everything already there is kept byte for byte (BOM, comments, nested values), the file's own
 * line ending is used, and a blank line separates the new section from the last line.
 */
export function appendProfileSection(original: Uint8Array, profile: string): Uint8Array {
  const start = BOM.every((b, i) => original[i] === b) ? BOM.length : 0;
  const body = original.subarray(start);
  const eol = lineEnding(body);
  let separator = "";
  if (body.length > 0) {
    if (body[body.length - 1] !== LF) separator += eol;
    if (!endsWithBlankLine(body)) separator += eol;
  }
  const added = utf8Encode(`${separator}${sectionHeader(profile)}${eol}`);
  const out = new Uint8Array(original.length + added.length);
  out.set(original);
  out.set(added, original.length);
  return out;
}

/** CRLF when the first line ends with one, else LF. */
function lineEnding(body: Uint8Array): string {
  const at = body.indexOf(LF);
  return at > 0 && body[at - 1] === CR ? "\r\n" : "\n";
}

/** Whether the last line (the text after the last-but-one LF, if the text ends with LF) is blank. */
function endsWithBlankLine(body: Uint8Array): boolean {
  if (body[body.length - 1] !== LF) return false;
  const lastLine = body.subarray(body.lastIndexOf(LF, body.length - 2) + 1, body.length - 1);
  return lastLine.every((b) => b === 0x20 || b === 0x09 || b === CR);
}
