import { parseIniParts } from "./parse-ini.js";
import { readAwsConfig } from "./read-aws-config.js";
import { readSectionHeader } from "./read-section-header.js";
import type { AwsConfig, ConfigSection, ConfigWarning } from "./types.js";

/**
 * A config file read section by section, as it is asked for. `export` of one profile in a file of 5,000 reads
 * the lines of that profile's sections only (its chain asks for the others it needs), not 25,000 lines into
 * maps that are thrown away. The file is cut at its unindented `[header]` lines, where the parser starts
 * over anyway, so a section read alone is exactly the section of the whole file: the same parser reads it,
 * with the same line numbers. A profile is read with every section that names it (duplicates and
 * `[default]` / `[profile default]` decide among themselves as in the whole file), and with every section
 * that is not a profile (sso-sessions, services, `[DEFAULT]`: few, and their warnings concern the file).
 *
 * Files this cannot cut exactly (a byte order mark, an indented line starting with `[`, which may continue a
 * value) are read whole, as before.
 */
export function lazyAwsConfig(text: string, file: string): AwsConfig | undefined {
  // A lone `\r` ends a line too (universal newlines); such files are rare enough to read whole.
  if (text.startsWith("\uFEFF") || text.includes("\r") || INDENTED_BRACKET.test(text)) return undefined;
  // Chunks by index: chunk i is text from starts[i] to the `\n` before starts[i + 1]. No object per chunk: a
  // file of 5,000 profiles would leave 5,000 of them (and an array per name) to the garbage collector.
  const { starts, headers } = cut(text);
  const endOf = (i: number) =>
    i + 1 < starts.length ? Math.max(starts[i]!, starts[i + 1]! - 1) : text.length;
  const lineOf = lineCounter(text);
  const firstChunk = new Map<string, number>();
  const laterChunks = new Map<string, number[]>(); // a profile defined more than once
  const always: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    const header = headers[i];
    const reading = header === undefined ? undefined : readSectionHeader(header);
    if (reading?.kind !== "profile") always.push(i);
    else if (!firstChunk.has(reading.name)) firstChunk.set(reading.name, i);
    else {
      const later = laterChunks.get(reading.name);
      if (later) later.push(i);
      else laterChunks.set(reading.name, [i]);
    }
  }
  const read = (profiles: Iterable<string>) => {
    const wanted = new Set(always);
    for (const name of profiles) {
      const first = firstChunk.get(name);
      if (first === undefined) continue;
      wanted.add(first);
      for (const i of laterChunks.get(name) ?? []) wanted.add(i);
    }
    const parts = [...wanted]
      .sort((a, b) => a - b)
      .map((i) => ({ lines: text.slice(starts[i], endOf(i)).split("\n"), firstLine: lineOf(starts[i]!) }));
    return readAwsConfig(parseIniParts(parts, file));
  };
  const base = read([]);
  let all: AwsConfig | undefined;
  const whole = () => {
    all ??= read(firstChunk.keys());
    return all;
  };
  const sections = new Map<string, ConfigSection | undefined>();
  // A command about one profile reads a few sections; one that walks them all (list) reads the file once.
  const section = (name: string) => {
    if (all || sections.size >= WHOLE_AFTER) return whole().profiles.get(name);
    if (!sections.has(name)) sections.set(name, read([name]).profiles.get(name));
    return sections.get(name);
  };
  const config: AwsConfig = {
    file,
    profiles: new LazyMap(firstChunk.keys(), section),
    ssoSessions: base.ssoSessions,
    services: base.services,
    get warnings() {
      return whole().warnings;
    },
  };
  LAZY.set(config, (profiles) => read(profiles).warnings);
  return config;
}

/** After this many profiles read one by one, the rest are read with the whole file. */
const WHOLE_AFTER = 16;

/** The lazy configs, and how each reads the warnings of some profiles only. */
const LAZY = new WeakMap<AwsConfig, (profiles: Iterable<string>) => readonly ConfigWarning[]>();

/**
 * The warnings about the file as a whole and about `profiles`, in line order: what a command about those
 * profiles shows. A lazy config reads no other profile's sections for it.
 */
export function configWarningsFor(
  config: AwsConfig,
  profiles: ReadonlySet<string>,
): readonly ConfigWarning[] {
  const lazy = LAZY.get(config);
  if (lazy) return lazy(profiles);
  return config.warnings.filter((w) => w.profile === undefined || profiles.has(w.profile));
}

/** An indented line whose text starts with `[`: a header or a continuation, which only reading tells. */
const INDENTED_BRACKET = /(?:^|[\r\n])[ \t\f\v]+\[/;

/**
 * The text cut before each unindented `[header]` line: where each chunk starts, and its raw header (undefined for
 * the lines before the first one). indexOf finds them; no line is copied or counted.
 */
function cut(text: string): { starts: number[]; headers: (string | undefined)[] } {
  const starts = [0];
  const headers: (string | undefined)[] = [undefined];
  // Each candidate is a line start holding "[": the first line, then every "\n[".
  for (let at = text.startsWith("[") ? 0 : nextCandidate(text, 0); at >= 0; ) {
    const newline = text.indexOf("\n", at);
    // sectionHeader() of the stripped line, without copying it: the header runs to the line's last "]".
    const close = text.lastIndexOf("]", (newline < 0 ? text.length : newline) - 1);
    if (close - at >= 2) {
      starts.push(at);
      headers.push(text.slice(at + 1, close));
    }
    at = newline < 0 ? -1 : nextCandidate(text, newline);
  }
  return { starts, headers };
}

/** The start of the next line after `from` that begins with "[", or -1. */
function nextCandidate(text: string, from: number): number {
  const found = text.indexOf("\n[", from);
  return found < 0 ? -1 : found + 1;
}

/**
 * Line numbers of chunk starts. Each read asks for its chunks in file order, and every read starts near the top
 * (the sections that are not profiles): counting resumes from the nearest offset already counted, so the file's
 * newlines are counted once in all, not once per read.
 */
function lineCounter(text: string): (offset: number) => number {
  const offsets = [0];
  const lines = [1];
  return (offset) => {
    let low = 0;
    for (let high = offsets.length - 1; low < high; ) {
      const middle = (low + high + 1) >> 1;
      if (offsets[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    let line = lines[low]!;
    for (let at = text.indexOf("\n", offsets[low]); at >= 0 && at < offset; at = text.indexOf("\n", at + 1))
      line++;
    if (offsets[low] !== offset) {
      offsets.splice(low + 1, 0, offset);
      lines.splice(low + 1, 0, line);
    }
    return line;
  };
}

/**
 * A Map whose keys are known from the start and whose values are read on first use: `get` reads one, iterating
 * the values reads them all. Keys, `has` and `size` read nothing.
 */
class LazyMap<V> extends Map<string, V> {
  readonly #read: (key: string) => V | undefined;
  readonly #done = new Set<string>();

  constructor(keys: Iterable<string>, read: (key: string) => V | undefined) {
    super();
    for (const key of keys) super.set(key, undefined as V);
    this.#read = read;
  }

  override get(key: string): V | undefined {
    if (super.has(key) && !this.#done.has(key)) {
      this.#done.add(key);
      super.set(key, this.#read(key) as V);
    }
    return super.get(key);
  }

  #readAll(): void {
    for (const key of super.keys()) this.get(key);
  }

  override values(): MapIterator<V> {
    this.#readAll();
    return super.values();
  }

  override entries(): MapIterator<[string, V]> {
    this.#readAll();
    return super.entries();
  }

  override forEach(callback: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown): void {
    this.#readAll();
    super.forEach(callback, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
}
