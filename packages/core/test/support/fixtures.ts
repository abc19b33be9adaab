import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DIR = fileURLToPath(new URL("../fixtures/config/", import.meta.url));

/** A fixture's exact text: the BOM and \r\n / \r line ends are kept. */
export function fixture(name: string): string {
  return readFileSync(DIR + name, "utf8");
}

export function fixtureNames(): string[] {
  return readdirSync(DIR)
    .filter((name) => name.endsWith(".ini"))
    .sort();
}
