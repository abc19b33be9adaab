import { containsIniSpace, isIniSpace, stripIni } from "./ini-text.js";

export type SectionKind = "profile" | "sso-session" | "services";

export type SectionHeaderReading =
  | {
      readonly kind: SectionKind;
      readonly name: string;
      /** `[default]` rather than `[profile default]`: aws-vault reads only this spelling of the default profile. */
      readonly bareDefault: boolean;
      /** False when aws-vault could not address the name (extra or leading/trailing spaces, tabs). */
      readonly exactSpacing: boolean;
    }
  | { readonly kind: "invalid"; readonly problem: string }
  | { readonly kind: "other" };

const PREFIXES: readonly SectionKind[] = ["profile", "sso-session", "services"];

/** Maps a raw `[header]` to the profile, sso-session or services section it names, if any. */
export function readSectionHeader(header: string): SectionHeaderReading {
  // The usual `[profile name]`, read without copying the header twice (a config of 5,000 profiles reads each).
  if (header.startsWith("profile ")) {
    const name = header.slice("profile ".length);
    if (name !== "" && !containsIniSpace(name)) {
      return { kind: "profile", name, bareDefault: false, exactSpacing: true };
    }
  }
  const trimmed = stripIni(header);
  if (trimmed === "default") {
    return { kind: "profile", name: "default", bareDefault: true, exactSpacing: trimmed === header };
  }
  for (const kind of PREFIXES) {
    if (!trimmed.startsWith(kind)) continue;
    const rest = trimmed.slice(kind.length);
    if (rest === "") return { kind: "invalid", problem: `has no ${kind} name` };
    // `[profilefoo]` is not a profile for botocore (shlex) nor aws-vault ("profile " prefix).
    if (!isIniSpace(rest[0])) return { kind: "other" };
    const name = stripIni(rest);
    if (containsIniSpace(name)) return { kind: "invalid", problem: `has whitespace inside the ${kind} name` };
    // Exactly "<kind> <name>": nothing was trimmed around the header or between prefix and name.
    const exactSpacing = trimmed === header && rest[0] === " " && name.length === rest.length - 1;
    return { kind, name, bareDefault: false, exactSpacing };
  }
  return { kind: "other" };
}
