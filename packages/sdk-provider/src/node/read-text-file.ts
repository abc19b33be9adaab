import { readFile } from "node:fs/promises";
import type { ReadTextFile } from "@vault-cli/core";

/** ReadTextFile over node:fs (web_identity_token_file); the engine turns a failure into an error naming the profile. */
export function readTextFile(): ReadTextFile {
  return (path) => readFile(path, "utf8");
}
