/**
 * The text side of `/usr/bin/security -i`, from Apple's SecurityTool sources (security.c, readline.c,
 * keychain_utilities.c, keychain_find.c): how a command line is split, how long it may be, and how
 * attribute and password bytes are printed.
 */

/**
 * Interactive mode reads each line into a 4096-byte buffer: a longer line is cut after 4095 bytes and the
 * rest runs as the next command. Lines are checked against this before they are written.
 */
export const SECURITY_MAX_LINE_BYTES = 4095;

/**
 * One single-quoted word: split_line keeps everything up to the closing quote, a backslash passing the next
 * byte through as it is. Nothing is interpreted otherwise (no variables, no globbing).
 */
export function securityWord(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** Why `text` cannot be a word of a `security -i` line: the line ends at a line break, the C string at NUL. */
export function securityWordProblem(text: string): string | undefined {
  return /[\n\0]/.test(text) ? "a line break or NUL cannot be passed to security -i" : undefined;
}

/**
 * The password option for a value: `-w '<text>'` for one line of text, `-X <hex>` when it holds a control
 * character (a line break cannot be inside a command line; `-X` takes the bytes as hexadecimal).
 */
export function passwordOption(value: string): string[] {
  return /[\u0000-\u001f\u007f]/.test(value)
    ? ["-X", Buffer.from(value, "utf8").toString("hex")]
    : ["-w", securityWord(value)];
}

/**
 * Bytes as keychain_utilities.c's print_buffer prints them: `"text"` when every byte is printable ASCII other
 * than a backslash, else `0x<HEX>` followed by an escaped copy that is ignored here; `<NULL>` for no value.
 */
function parsePrintedBuffer(text: string): Buffer | undefined {
  if (text === "" || text === "<NULL>") return Buffer.alloc(0);
  const hex = /^0x((?:[0-9A-Fa-f]{2})*)(?:\s|$)/.exec(text);
  if (hex) return Buffer.from(hex[1]!, "hex");
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    return Buffer.from(text.slice(1, -1), "latin1");
  }
  return undefined;
}

/**
 * The data `find-generic-password -g` printed on stderr (`password: ` + print_buffer). `-g` rather than `-w`:
 * `-w` prints a value as it is when every byte is printable and as bare hex otherwise, so a stored `0a` and a
 * stored line break print the same; print_buffer marks hex with `0x` and quotes text.
 */
export function parsePasswordLine(stderr: string): Buffer | undefined {
  const line = stderr.split("\n").find((l) => l.startsWith("password: ") || l === "password:");
  return line === undefined ? undefined : parsePrintedBuffer(line.slice("password: ".length));
}

interface DumpedItem {
  readonly itemClass: string;
  readonly attributes: ReadonlyMap<string, Buffer>;
}

// An attribute line of dump-keychain: `    "acct"<blob>="alice"` or `    0x00000007 <blob>=...`.
const ATTRIBUTE = /^ {4}("[^"]{4}"|0x[0-9A-F]{8} ?)<[a-z0-9 :]+>=(.*)$/;

/** The items `dump-keychain` printed: each begins with a `keychain:` line, then `class:` and `attributes:`. */
export function parseDumpKeychain(stdout: string): DumpedItem[] {
  const items: { itemClass: string; attributes: Map<string, Buffer> }[] = [];
  for (const line of stdout.split("\n")) {
    if (line.startsWith("keychain: ")) {
      items.push({ itemClass: "", attributes: new Map() });
      continue;
    }
    const item = items.at(-1);
    if (!item) continue;
    if (line.startsWith("class: ")) {
      item.itemClass = parsePrintedBuffer(line.slice("class: ".length))?.toString("latin1") ?? "";
      continue;
    }
    const m = ATTRIBUTE.exec(line);
    const value = m && parsePrintedBuffer(m[2]!);
    if (m && value) item.attributes.set(m[1]!.replaceAll('"', "").trim(), value);
  }
  return items;
}
