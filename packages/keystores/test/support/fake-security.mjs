#!/usr/bin/env node
// A stand-in for macOS /usr/bin/security in interactive mode (-i), answering as Apple's SecurityTool does
// (security.c, readline.c, keychain_utilities.c, keychain_find.c, keychain_add.c): lines cut at 4095 bytes,
// split_line's quoting, print_buffer's output, OSStatus results as exit codes. Keychains and their items
// live in the JSON file FAKE_SECURITY_STATE; each run appends {argv, stdin} to FAKE_SECURITY_LOG.
// FAKE_SECURITY_MODE: "locked" (no one can unlock: errSecInteractionNotAllowed), "cancel" (the user
// cancels the unlock dialog: errSecUserCanceled).
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

const statePath = process.env.FAKE_SECURITY_STATE;
const stdin = readFileSync(0);
appendFileSync(
  process.env.FAKE_SECURITY_LOG,
  `${JSON.stringify({ argv: process.argv.slice(2), stdin: stdin.toString("utf8") })}\n`,
);
const load = () => (existsSync(statePath) ? JSON.parse(readFileSync(statePath, "utf8")) : { keychains: {} });
const save = (state) => {
  writeFileSync(`${statePath}.tmp`, JSON.stringify(state));
  renameSync(`${statePath}.tmp`, statePath);
};

const STATUS = {
  [-25300]: "The specified item could not be found in the keychain.",
  [-25294]: "The specified keychain could not be found.",
  [-25308]: "User interaction is not allowed.",
  [-128]: "User canceled the operation.",
};
const perror = (what, status) => process.stderr.write(`security: ${what}: ${STATUS[status]}\n`);

/** readline(): a line is at most 4095 bytes; the rest of a longer line is read as the next one. */
function readLines(bytes) {
  const lines = [];
  let start = 0;
  while (start < bytes.length) {
    let end = start;
    while (end < bytes.length && bytes[end] !== 0x0a && end - start < 4095) end++;
    if (end === bytes.length && bytes[end - 1] !== 0x0a && end - start < 4095) break; // EOF without newline
    lines.push(bytes.subarray(start, end));
    start = bytes[end] === 0x0a ? end + 1 : end;
  }
  return lines;
}

/** split_line(): whitespace-separated words, '...' or "..." quoting, a backslash passing the next byte. */
function splitLine(bytes) {
  const words = [];
  let word = null;
  let quote = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (word === null) {
      if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
      word = [];
      if (c === 0x22 || c === 0x27) {
        quote = c;
        continue;
      }
      quote = 0;
    }
    if (c === 0x5c) {
      i++;
      if (i < bytes.length) word.push(bytes[i]);
    } else if (quote ? c === quote : c === 0x20 || (c >= 0x09 && c <= 0x0d)) {
      words.push(Buffer.from(word).toString("utf8"));
      word = null;
    } else word.push(c);
  }
  if (word !== null) words.push(Buffer.from(word).toString("utf8"));
  return words;
}

function getopt(words, spec) {
  const options = {};
  let i = 1;
  for (; i < words.length && words[i].startsWith("-") && words[i] !== "-"; i++) {
    const letter = words[i][1];
    const at = spec.indexOf(letter);
    if (at < 0) throw new Error(`unknown option -${letter}`);
    if (spec[at + 1] === ":") {
      const value = words[i].length > 2 ? words[i].slice(2) : words[++i];
      options[letter] = letter === "T" ? [...(options.T ?? []), value] : value;
    } else options[letter] = true;
  }
  return { options, rest: words.slice(i) };
}

function printBuffer(bytes) {
  let hex = false;
  let ascii = false;
  for (const c of bytes) {
    if (c >= 0x20 && c <= 0x7e && c !== 0x5c) ascii = true;
    else hex = true;
  }
  let out = "";
  if (hex) out += `0x${Buffer.from(bytes).toString("hex").toUpperCase()}${ascii ? "  " : " "}`;
  if (ascii) {
    let text = "";
    for (const c of bytes) {
      text +=
        c >= 0x20 && c <= 0x7e && c !== 0x5c ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, "0")}`;
    }
    out += `"${text}"`;
  }
  return out;
}
const attr = (value) => (value === undefined ? "<NULL>" : printBuffer(Buffer.from(value, "utf8")));

function printItem(name, item) {
  const lines = [
    `keychain: "/Users/test/Library/Keychains/${name}-db"`,
    "version: 512",
    `class: ${printBuffer(Buffer.from(item.class ?? "genp", "latin1"))}`,
    "attributes:",
    `    0x00000007 <blob>=${attr(item.labl)}`,
    "    0x00000008 <blob>=<NULL>",
    `    "acct"<blob>=${attr(item.acct)}`,
    `    "cdat"<timedate>=0x32303236303130313030303030305A00  "20260101000000Z\\000"`,
    `    "desc"<blob>=${attr(item.desc)}`,
    `    "svce"<blob>=${attr(item.svce)}`,
  ];
  return `${lines.join("\n")}\n`;
}

/** Runs one command; returns its OSStatus-style result. */
function run(words) {
  const mode = process.env.FAKE_SECURITY_MODE;
  const state = load();
  const command = words[0];
  const locked = () => {
    const status = mode === "locked" ? -25308 : mode === "cancel" ? -128 : 0;
    if (status) perror("SecKeychainItemCopyContent", status);
    return status;
  };
  if (command === "create-keychain") {
    const { options, rest } = getopt(words, "Pp:");
    if (!options.P) throw new Error("create-keychain without -P");
    if (mode === "cancel") return -128;
    state.keychains[rest[0]] = { items: [] };
    save(state);
    return 0;
  }
  if (
    !["add-generic-password", "find-generic-password", "delete-generic-password", "dump-keychain"].includes(
      command,
    )
  ) {
    process.stderr.write(`security: unknown command "${command}"\n`);
    return 1;
  }
  const spec = {
    "add-generic-password": "a:c:C:D:G:j:l:s:p:w:X:AT:U",
    "find-generic-password": "a:c:C:D:G:j:l:s:gw",
    "delete-generic-password": "a:c:C:D:G:j:l:s:",
    "dump-keychain": "adir",
  }[command];
  const { options, rest } = getopt(words, spec);
  if (rest.length !== 1) throw new Error(`${command}: expected one keychain, got ${JSON.stringify(rest)}`);
  const keychain = state.keychains[rest[0]];
  if (!keychain) {
    perror(
      command === "dump-keychain" ? "SecKeychainSearchCreateFromAttributes" : "SecKeychainSearchCopyNext",
      -25294,
    );
    return -25294;
  }
  const matches = (item) =>
    (item.class ?? "genp") === "genp" &&
    (options.s === undefined || item.svce === options.s) &&
    (options.a === undefined || item.acct === options.a);
  const found = keychain.items.find(matches);
  if (command === "dump-keychain") {
    for (const item of keychain.items) process.stdout.write(printItem(rest[0], item));
    return 0;
  }
  if (command === "add-generic-password") {
    if (mode) return locked();
    if (found && !options.U) return -25299;
    const data =
      options.X !== undefined ? options.X : Buffer.from(options.w ?? options.p ?? "", "utf8").toString("hex");
    const item = found ?? { svce: options.s, acct: options.a, trusted: options.T ?? null };
    Object.assign(item, { labl: options.l ?? options.s, desc: options.D, data });
    if (!found) keychain.items.push(item);
    save(state);
    return 0;
  }
  if (!found) {
    perror("SecKeychainSearchCopyNext", -25300);
    return -25300;
  }
  if (command === "delete-generic-password") {
    keychain.items.splice(keychain.items.indexOf(found), 1);
    save(state);
    process.stdout.write(printItem(rest[0], found));
    process.stderr.write("password has been deleted.\n");
    return 0;
  }
  if (mode) return locked();
  process.stdout.write(printItem(rest[0], found));
  process.stderr.write(`password: ${printBuffer(Buffer.from(found.data, "hex"))}\n`);
  return 0;
}

if (process.argv.slice(2).join(" ") !== "-i") {
  process.stderr.write("the fake security knows interactive mode only\n");
  process.exit(2);
}
let result = 0;
for (const line of readLines(stdin)) {
  const words = splitLine(line);
  if (words.length === 0) continue;
  result = run(words);
  if (result) process.stderr.write(`${words[0]}: returned ${result}\n`);
}
process.exit(result & 0xff);
