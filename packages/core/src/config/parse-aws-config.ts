import { parseIni } from "./parse-ini.js";
import { readAwsConfig } from "./read-aws-config.js";
import type { AwsConfig } from "./types.js";

/** Parses the text of an AWS config file into profiles, sso-sessions and services. Never throws. */
export function parseAwsConfig(text: string, file: string): AwsConfig {
  return readAwsConfig(parseIni(text, file));
}
