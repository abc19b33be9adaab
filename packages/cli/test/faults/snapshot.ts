import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every file of a keys directory with its bytes and mode, to show that nothing changed. */
export function keysDirSnapshot(dir: string): Record<string, string> {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return {};
  }
  return Object.fromEntries(
    names.map((name) => {
      const path = join(dir, name);
      return [name, `${(statSync(path).mode & 0o7777).toString(8)} ${readFileSync(path, "base64")}`];
    }),
  );
}
