import { homedir } from "node:os";
import { join } from "node:path";

/** `~` and `~/…` become the home directory, as aws-vault expands them; `~user` is left alone. */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return join(home, path.slice(2));
  return path;
}
