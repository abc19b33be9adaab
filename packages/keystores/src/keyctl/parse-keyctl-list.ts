interface KeyctlListEntry {
  readonly id: string;
  readonly type: string;
  readonly description: string;
}

// `keyctl list` prints `%9d: %s %5d %5d %s: %s` (id, permissions, uid, gid, type, description).
const LINE = /^\s*(\d+): \S+\s+-?\d+\s+-?\d+\s+([^:\s]+): (.*)$/;

/** Entries of `keyctl list` output; headers and "key inaccessible" lines are skipped. */
export function parseKeyctlList(output: string): KeyctlListEntry[] {
  const entries: KeyctlListEntry[] = [];
  for (const line of output.split("\n")) {
    const m = LINE.exec(line);
    if (m) entries.push({ id: m[1]!, type: m[2]!, description: m[3]! });
  }
  return entries;
}
