import type { ConfigSection } from "../config/types.js";
import type { SourceLocation } from "../errors.js";

/** A non-empty string setting of a section; nested sub-sections and empty values count as unset, as in aws-vault. */
interface TextSetting {
  readonly value: string;
  readonly location: SourceLocation;
}

export function textSetting(section: ConfigSection | undefined, key: string): TextSetting | undefined {
  const setting = section?.settings.get(key);
  if (setting === undefined || typeof setting.value !== "string") return undefined;
  const value = setting.value.trim();
  return value === "" ? undefined : { value, location: setting.location };
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}`;
}

/** Where a value that did not come from a file is reported: line 0 means "not a line of a file". */
export function envLocation(variable: string): SourceLocation {
  return { file: `env:${variable}`, line: 0 };
}
