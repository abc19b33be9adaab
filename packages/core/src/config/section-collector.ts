import { configWarning } from "./config-warning.js";
import { type OpenEntry, openEntry, REJECTS, StoredEntry } from "./open-entry.js";
import { readSectionHeader } from "./read-section-header.js";
import type { ConfigWarning, ConfigWarningCode, IniSection } from "./types.js";

interface OpenSection {
  readonly header: string;
  readonly line: number;
  readonly entries: Map<string, StoredEntry>;
}

/** The sections read so far: merges repeated headers, lets a repeated key replace the earlier one. */
export interface SectionCollector {
  /** The section keys currently go to, or undefined before the first header. */
  readonly current: OpenSection | undefined;
  warn(code: ConfigWarningCode, line: number, detail: string): void;
  openSection(header: string, line: number): void;
  /** `comment`: the inline comment cut from the value, if any. */
  addEntry(key: string, value: string, line: number, comment: string | undefined): OpenEntry;
  finish(): { sections: IniSection[]; warnings: ConfigWarning[] };
}

/** configparser's name for the section whose keys botocore copies into every other section. */
const DEFAULT_SECTION = "DEFAULT";

export function createSectionCollector(file: string): SectionCollector {
  const sections = new Map<string, OpenSection>();
  const warnings: ConfigWarning[] = [];
  // [DEFAULT] keys are read (so duplicates and continuations behave as in configparser) but never returned.
  const ignoredDefault = openSection(DEFAULT_SECTION, 0);
  let current: OpenSection | undefined;

  const warn = (code: ConfigWarningCode, line: number, detail: string) => {
    const place = { file, line, header: current?.header, profile: profileOf(current) };
    warnings.push(configWarning(code, place, detail));
  };

  return {
    get current() {
      return current;
    },
    warn,
    openSection(header, line) {
      if (header === DEFAULT_SECTION) {
        current = ignoredDefault;
        warn(
          "default-section",
          line,
          "[DEFAULT] is ignored (as in aws-vault); the AWS CLI copies its keys into every section",
        );
        return;
      }
      const earlier = sections.get(header);
      current = earlier ?? openSection(header, line);
      if (earlier) {
        warn(
          "duplicate-section",
          line,
          `repeats the section of line ${earlier.line}; its keys are merged into it (${REJECTS})`,
        );
      } else {
        sections.set(header, current);
      }
    },
    addEntry(key, value, line, comment) {
      const section = current!;
      const earlier = section.entries.get(key);
      if (earlier)
        warn("duplicate-key", line, `"${key}" replaces the value set at line ${earlier.line} (${REJECTS})`);
      const entry = new StoredEntry(key, value, line, file);
      // Map.set on an existing key keeps its first-seen position.
      section.entries.set(key, entry);
      return openEntry({ entry, first: value, comment, inDefault: section === ignoredDefault }, warn);
    },
    // The parser has closed every entry, so the sections are handed out as they are.
    finish: () => ({ sections: [...sections.values()], warnings }),
  };
}

function openSection(header: string, line: number): OpenSection {
  return { header, line, entries: new Map() };
}

/** The profile a warning's line belongs to; only computed for warnings, which are rare in large files. */
function profileOf(section: OpenSection | undefined): string | undefined {
  const reading = section && readSectionHeader(section.header);
  return reading?.kind === "profile" ? reading.name : undefined;
}
