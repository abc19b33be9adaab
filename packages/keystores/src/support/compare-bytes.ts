/**
 * Orders two strings as their UTF-8 bytes compare (Go's string order, which os.ReadDir and filepath.Walk
 * sort by), without encoding them: a listing of 5,000 items sorts in a millisecond, not with two Buffers
 * per comparison. UTF-16 order differs from it only where a surrogate (a character above U+FFFF) meets a
 * unit from U+E000 to U+FFFF: by code point, and so by UTF-8 bytes, the surrogate's character is greater.
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate && (xSurrogate ? y : x) >= 0xe000) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Sorts names in place by their UTF-8 bytes. Without a surrogate among them, UTF-16 order is that order, and
 * the engine's own comparison sorts 5,000 names in a fraction of compareUtf8's time.
 */
export function sortUtf8(names: string[]): string[] {
  return names.some((name) => SURROGATE.test(name)) ? names.sort(compareUtf8) : names.sort();
}

const SURROGATE = /[\uD800-\uDFFF]/;
