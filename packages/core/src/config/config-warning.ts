import type { ConfigWarning, ConfigWarningCode } from "./types.js";

interface WarningPlace {
  readonly file: string;
  readonly line: number;
  /** The raw section header the line belongs to, if any. */
  readonly header?: string | undefined;
  readonly profile?: string | undefined;
}

/** Builds a warning; the message names the section (`[profile x] <detail>`), while file and line are fields. */
export function configWarning(code: ConfigWarningCode, place: WarningPlace, detail: string): ConfigWarning {
  const message = place.header === undefined ? detail : `[${place.header}] ${detail}`;
  const base = { code, message, file: place.file, line: place.line };
  return place.profile === undefined ? base : { ...base, profile: place.profile };
}
