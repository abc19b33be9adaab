/**
 * aws-vault's file names (mtibben/percent with "/"): only `/` and `%` are escaped, as upper-case
 * `%XX` of each UTF-8 byte; everything else (spaces, `:`, `,`, non-ASCII) is kept.
 */
export function encodeFileName(key: string): string {
  return key.replace(/[/%]/g, (c) => (c === "/" ? "%2F" : "%25"));
}

/** Any `%XX` (either case) becomes that byte, as percent.Decode does; other text is kept. */
export function decodeFileName(name: string): string {
  if (!name.includes("%")) return name;
  const bytes = Buffer.from(name, "utf8");
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const hex = bytes.subarray(i + 1, i + 3).toString("latin1");
    if (bytes[i] === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else out.push(bytes[i]!);
  }
  return Buffer.from(out).toString("utf8");
}

/** Why a key cannot be a file name here, or undefined when it can. */
export function fileNameProblem(key: string): string | undefined {
  const name = encodeFileName(key);
  if (name === "" || name === "." || name === "..") return "it is not a usable file name";
  if (name.startsWith(".")) return "it starts with '.' (the keystore's own hidden files do)";
  if (name.includes("\0")) return "it contains a NUL character";
  if (Buffer.byteLength(name) > 255) return "its file name would be longer than 255 bytes";
  return undefined;
}
