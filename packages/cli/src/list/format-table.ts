/**
 * Go's text/tabwriter as aws-vault's `list` configures it (minwidth 25, padding 2, ' ', every cell
 * tab-terminated): each column is as wide as its widest cell plus 2, at least 25; widths count code
 * points, as Go counts runes. Every cell is padded, the last one too.
 */
export function formatTable(rows: readonly (readonly string[])[], minWidth = 25, padding = 2): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? minWidth, runeCount(cell) + padding);
    });
  }
  return rows
    .map((row) => `${row.map((cell, i) => cell + " ".repeat(widths[i]! - runeCount(cell))).join("")}\n`)
    .join("");
}

/** Code points, as Go counts runes: a surrogate pair is one (a lone surrogate counts as one too). */
function runeCount(text: string): number {
  // Nearly every cell has no surrogate: its length is its count (5,000 rows are 15,000 cells).
  if (!HIGH_SURROGATE.test(text)) return text.length;
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;
