import type { Options } from "tsup";

/** What every package's build shares: Node 20 target, a clean dist, no source maps (dist is not minified). */
export const BASE: Options = { target: "node20", clean: true };

/**
 * A published library: ESM (`.js`, `.d.ts`) and CommonJS (`.cjs`, `.d.cts`), so `require()` works on every
 * supported Node and TypeScript finds types in each resolution mode (packages/*\/package.json `exports`).
 */
export function library(entry: NonNullable<Options["entry"]>): Options {
  return { ...BASE, entry, format: ["esm", "cjs"], dts: true };
}
