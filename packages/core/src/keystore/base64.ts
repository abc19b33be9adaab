// core is pure (no Buffer, no TextEncoder in its lib), so it carries its own UTF-8 and base64.

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** UTF-8 without TextEncoder; a lone surrogate becomes U+FFFD, as there. */
export function utf8Encode(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    let code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else {
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
    }
  }
  return Uint8Array.from(bytes);
}

/** Decodes UTF-8, replacing each invalid sequence with U+FFFD as TextDecoder does (WHATWG). */
export function utf8Decode(bytes: Uint8Array): string {
  // Keys and most items are ASCII: one string from the bytes, no per-character appends.
  let ascii = 0;
  while (ascii < bytes.length && bytes[ascii]! < 0x80) ascii++;
  if (ascii === bytes.length) {
    let text = "";
    for (let i = 0; i < bytes.length; i += 8192) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
    }
    return text;
  }
  let out = "";
  let needed = 0;
  let seen = 0;
  let codePoint = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (needed === 0) {
      if (b < 0x80) out += String.fromCharCode(b);
      else if (b >= 0xc2 && b <= 0xdf) [needed, codePoint] = [1, b & 0x1f];
      else if (b >= 0xe0 && b <= 0xef) {
        [needed, codePoint] = [2, b & 0xf];
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        [needed, codePoint] = [3, b & 0x7];
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
      } else out += "\ufffd";
      continue;
    }
    if (b < lower || b > upper) {
      [needed, seen, codePoint, lower, upper] = [0, 0, 0, 0x80, 0xbf];
      out += "\ufffd";
      i--; // this byte starts over
      continue;
    }
    [lower, upper] = [0x80, 0xbf];
    codePoint = (codePoint << 6) | (b & 0x3f);
    if (++seen === needed) {
      out += String.fromCodePoint(codePoint);
      [needed, seen, codePoint] = [0, 0, 0];
    }
  }
  return needed === 0 ? out : `${out}\ufffd`;
}

export function base64Encode(bytes: Uint8Array, variant: "std" | "url-nopad" = "std"): string {
  const abc = variant === "std" ? STD : URL;
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 4) / 3));
    for (let k = 0; k < 4; k++)
      out += k < chars ? abc[(n >> (18 - 6 * k)) & 63] : variant === "std" ? "=" : "";
  }
  return out;
}

/**
 * Decodes base64 in one alphabet; padding is optional for "std" and refused for "url-nopad"
 * (as Go's URLEncoding.WithPadding(NoPadding) does). Undefined when the text is not valid.
 */
export function base64Decode(text: string, variant: "std" | "url-nopad"): Uint8Array | undefined {
  const values = variant === "std" ? STD_VALUES : URL_VALUES;
  let length = text.length;
  if (variant === "std" && length % 4 === 0) {
    if (text.endsWith("==")) length -= 2;
    else if (text.endsWith("=")) length -= 1;
  }
  if (length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? values[code]! : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Each ASCII code's value in an alphabet, -1 when it is not in it. */
function valuesOf(alphabet: string): Int8Array {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
}
const STD_VALUES = valuesOf(STD);
const URL_VALUES = valuesOf(URL);
