import { lazyAwsConfig } from "./lazy-aws-config.js";
import { parseIni } from "./parse-ini.js";
import { readAwsConfig } from "./read-aws-config.js";
import type { AwsConfig } from "./types.js";

/**
 * A file this large is read lazily, section by section as asked (lazy-aws-config.ts): the same sections and
 * warnings, without parsing thousands of profiles for one. Below it, reading everything costs under a
 * millisecond and gives plain Maps.
 */
const LAZY_FROM_CHARS = 16 * 1024;

/** Parses the text of an AWS config file into profiles, sso-sessions and services. Never throws. */
export function parseAwsConfig(text: string, file: string): AwsConfig {
  return (text.length >= LAZY_FROM_CHARS && lazyAwsConfig(text, file)) || readAwsConfig(parseIni(text, file));
}
