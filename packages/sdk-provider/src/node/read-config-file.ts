import { readFileSync } from "node:fs";
import { type AwsConfig, parseAwsConfig, VaultError } from "@vault-cli/core";

/**
 * Reads and parses an AWS config file. A missing file is an empty config (aws-vault would create it;
 * a read-only command has no business writing), any other read failure is a CONFIG_PARSE error naming the file.
 */
export function readConfigFile(path: string): AwsConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return parseAwsConfig("", path);
    throw new VaultError("CONFIG_PARSE", `cannot read config file ${path}: ${code ?? String(error)}`, {
      cause: error,
    });
  }
  return parseAwsConfig(text, path);
}
