import type { Options } from "tsup";

/** What every package's build shares: Node 20 target, source maps, a clean dist. */
export const BASE: Options = { target: "node20", clean: true, sourcemap: true };

/** A published library: ESM with type declarations. */
export function library(entry: NonNullable<Options["entry"]>): Options {
  return { ...BASE, entry, format: ["esm"], dts: true };
}
