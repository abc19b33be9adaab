import { configWarning } from "./config-warning.js";
import { isIniSpace } from "./ini-text.js";
import { profileKeyWarnings } from "./profile-key-warnings.js";
import { readSectionHeader, type SectionHeaderReading, type SectionKind } from "./read-section-header.js";
import type { AwsConfig, ConfigSection, ConfigWarning, IniSection, ParsedIni } from "./types.js";

interface Placed {
  readonly section: ConfigSection;
  readonly header: string;
  readonly bareDefault: boolean;
}

/**
 * Maps raw sections to profiles (`[default]`, `[profile x]`), sso-sessions and services, keeping each
 * setting's location. Other sections (`[preview]`, `[foo]`) are not returned. Never throws.
 */
export function readAwsConfig(parsed: ParsedIni): AwsConfig {
  const { file } = parsed;
  const warnings: ConfigWarning[] = [...parsed.warnings];
  const found = byKind<Placed>();
  const out = byKind<ConfigSection>();
  for (const raw of parsed.sections) {
    const reading = readSectionHeader(raw.header);
    const warning = headerWarning(raw, reading, file);
    if (warning !== undefined) warnings.push(warning);
    if (reading.kind === "other" || reading.kind === "invalid") continue;
    const { kind, name } = reading;
    const placed = {
      section: toConfigSection(raw, name, file),
      header: raw.header,
      bareDefault: reading.bareDefault,
    };
    const earlier = found[kind].get(name);
    if (earlier !== undefined) warnings.push(duplicateWarning(earlier, placed, kind, file));
    // Map.set on an existing key keeps its first-seen position.
    if (earlier === undefined || laterWins(earlier, placed, kind)) {
      found[kind].set(name, placed);
      out[kind].set(name, placed.section);
    }
  }
  for (const section of out.profile.values()) warnings.push(...profileKeyWarnings(section));
  const lone = found.profile.get("default");
  if (lone !== undefined && !lone.bareDefault) warnings.push(profileDefaultWarning(lone, file));
  return {
    file,
    profiles: out.profile,
    ssoSessions: out["sso-session"],
    services: out.services,
    // Stable sort: the AWS-level warnings join the parser's in line order.
    warnings: warnings.sort((a, b) => a.line - b.line),
  };
}

/** aws-vault reads only `[default]`; vault-cli, the AWS CLI and the SDK read a lone `[profile default]` too. */
function profileDefaultWarning(placed: Placed, file: string): ConfigWarning {
  const place = { file, line: placed.section.location.line, header: placed.header, profile: "default" };
  const detail =
    "is read as the default profile; aws-vault ignores it (it reads only [default]): rename it [default]";
  return configWarning("default-and-profile-default", place, detail);
}

function byKind<T>(): Record<SectionKind, Map<string, T>> {
  return { profile: new Map(), "sso-session": new Map(), services: new Map() };
}

/** `[default]` beats `[profile default]` wherever it is (aws-vault reads only `[default]`); else the first wins. */
function laterWins(earlier: Placed, later: Placed, kind: SectionKind): boolean {
  return kind === "profile" && later.bareDefault && !earlier.bareDefault;
}

/** Only built when there is something to say: a large file has thousands of sections and few warnings. */
function headerWarning(
  raw: IniSection,
  reading: SectionHeaderReading,
  file: string,
): ConfigWarning | undefined {
  if (reading.kind === "other" || (reading.kind !== "invalid" && reading.exactSpacing)) return undefined;
  const place = { file, line: raw.line, header: raw.header };
  if (reading.kind === "invalid") {
    const detail = `the header ${reading.problem}; the section is ignored, as by the AWS CLI`;
    return configWarning("invalid-section-name", place, detail);
  }
  const { kind, name, bareDefault } = reading;
  const canonical = bareDefault ? "default" : `${kind} ${name}`;
  // botocore matches "default" exactly and looks for the prefix at the very start of the header.
  const cli =
    bareDefault || isIniSpace(raw.header[0])
      ? "the AWS CLI ignores this section"
      : "the AWS CLI reads it too";
  const detail = `read as ${kind} "${name}", which aws-vault cannot address (write [${canonical}]); ${cli}`;
  return configWarning(
    "section-name-spacing",
    { ...place, profile: kind === "profile" ? name : undefined },
    detail,
  );
}

/** Two headers name the same section: says which one is ignored and what the AWS CLI reads instead. */
function duplicateWarning(earlier: Placed, later: Placed, kind: SectionKind, file: string): ConfigWarning {
  const [kept, dropped] = laterWins(earlier, later, kind) ? [later, earlier] : [earlier, later];
  const { name, location } = kept.section;
  const place = { file, line: dropped.section.location.line, header: dropped.header };
  const profile = kind === "profile" ? name : undefined;
  if (kind === "profile" && earlier.bareDefault !== later.bareDefault) {
    const detail =
      `ignored: [default] (line ${location.line}) also defines profile "default" and vault-cli and aws-vault ` +
      `read only [default]; the AWS CLI reads the later of the two (line ${later.section.location.line}) ` +
      "and the JS SDK reads [profile default]";
    return configWarning("default-and-profile-default", { ...place, profile }, detail);
  }
  const detail = `ignored: ${kind} "${name}" is already defined at line ${location.line}; the AWS CLI reads the later one instead`;
  return configWarning("duplicate-section", { ...place, profile }, detail);
}

/** The parser's entries are Settings already (see StoredEntry), so the map is shared, not copied. */
function toConfigSection(raw: IniSection, name: string, file: string): ConfigSection {
  return { name, location: { file, line: raw.line }, settings: raw.entries };
}
