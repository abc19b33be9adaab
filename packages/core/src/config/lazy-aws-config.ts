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
  const chunks = cut(text);
  const lineOf = lineCounter(text);
  const profileChunks = new Map<string, Chunk[]>();
  const always: Chunk[] = [];
  for (const chunk of chunks) {
    const reading = chunk.header === undefined ? undefined : readSectionHeader(chunk.header);
    if (reading?.kind !== "profile") always.push(chunk);
    else {
      const named = profileChunks.get(reading.name);
      if (named) named.push(chunk);
      else profileChunks.set(reading.name, [chunk]);
    }
  }
  const read = (profiles: Iterable<string>) => {
    const wanted = new Set([...always]);
    for (const name of profiles) for (const chunk of profileChunks.get(name) ?? []) wanted.add(chunk);
    const parts = [...wanted]
      .sort((a, b) => a.start - b.start)
      .map((chunk) => ({
        lines: text.slice(chunk.start, chunk.end).split("\n"),
        firstLine: lineOf(chunk.start),
      }));
    return readAwsConfig(parseIniParts(parts, file));
  };
  const base = read([]);
  let all: AwsConfig | undefined;
  const whole = () => {
    all ??= read(profileChunks.keys());
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
    profiles: new LazyMap(profileChunks.keys(), section),
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

interface Chunk {
  /** The raw header, or undefined for the lines before the first one. */
  readonly header: string | undefined;
  /** Where its lines are in the text (the `\n` before the next header is not part of it). */
  readonly start: number;
  end: number;
}

/** The text cut before each unindented `[header]` line: indexOf finds them, no line is copied or counted. */
function cut(text: string): Chunk[] {
  const chunks: Chunk[] = [{ header: undefined, start: 0, end: text.length }];
  // Each candidate is a line start holding "[": the first line, then every "\n[".
  for (let at = text.startsWith("[") ? 0 : nextCandidate(text, 0); at >= 0; ) {
    const newline = text.indexOf("\n", at);
    // sectionHeader() of the stripped line, without copying it: the header runs to the line's last "]".
    const close = text.lastIndexOf("]", (newline < 0 ? text.length : newline) - 1);
    const header = close - at >= 2 ? text.slice(at + 1, close) : undefined;
    if (header !== undefined) {
      const previous = chunks.at(-1)!;
      previous.end = Math.max(previous.start, at - 1);
      chunks.push({ header, start: at, end: text.length });
    }
    at = newline < 0 ? -1 : nextCandidate(text, newline);
  }
  return chunks;
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
