import type { ConfigSection } from "../config/types.js";
import type { SourceLocation } from "../errors.js";
import { textSetting } from "./config-setting.js";

/** One AWS key's winning value and where it came from. */
export interface RawSetting {
  readonly value: string;
  /** `/tmp/config:12`, `env:AWS_REGION`, `flag:--region`, `[default] /tmp/config:3`, ... */
  readonly origin: string;
  /** Set when the value was read from the config file. */
  readonly location?: SourceLocation;
}

/** AWS keys (`mfa_serial`) to their winning value; the first layer to set a key wins. */
export type RawSettings = Map<string, RawSetting>;

/** Copies a section's settings that no earlier layer set (first writer wins, as in aws-vault). */
export function applySection(
  raw: RawSettings,
  section: ConfigSection,
  origin: (location: SourceLocation) => string,
  skip?: ReadonlySet<string>,
): void {
  for (const key of section.settings.keys()) {
    if (raw.has(key) || skip?.has(key)) continue;
    const setting = textSetting(section, key);
    if (setting !== undefined) raw.set(key, { ...setting, origin: origin(setting.location) });
  }
}
