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

function runeCount(text: string): number {
  return [...text].length;
}
