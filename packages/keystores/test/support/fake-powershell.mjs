#!/usr/bin/env node
// A stand-in for `powershell.exe -NoLogo -NoProfile -NonInteractive -EncodedCommand <script>` running the
// wincred keystore's script: it checks that the script (UTF-16LE, base64, in argv) is the Cred* P/Invoke one
// that reads its request from stdin, takes the request (one base64 line) from stdin, and answers each operation as
// CredReadW/CredWriteW/CredDeleteW/CredEnumerateW would: target names case-insensitive, blobs of at most
// 2560 bytes, ERROR_NOT_FOUND (1168) for a missing target. Credentials live in FAKE_POWERSHELL_STATE (JSON);
// each run appends {argv, stdin} to FAKE_POWERSHELL_LOG.
// FAKE_POWERSHELL_CRASH_AFTER_CHANGES=n: the process dies (no answer) before its (n+1)th write or delete.
// FAKE_POWERSHELL_ERROR=code: the first operation fails with that Win32 error.
// FAKE_POWERSHELL_WRITE_ERROR=code: every write fails with that Win32 error.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

const statePath = process.env.FAKE_POWERSHELL_STATE;
const stdin = readFileSync(0, "utf8");
appendFileSync(
  process.env.FAKE_POWERSHELL_LOG,
  `${JSON.stringify({ argv: process.argv.slice(2), stdin })}\n`,
);

const args = process.argv.slice(2);
const line = /^([A-Za-z0-9+/=]*)\n$/.exec(stdin);
if (
  args.slice(0, 4).join(" ") !== "-NoLogo -NoProfile -NonInteractive -EncodedCommand" ||
  args.length !== 5 ||
  !line
) {
  process.stderr.write("fake powershell: unexpected invocation\n");
  process.exit(1);
}
const script = Buffer.from(args[4], "base64").toString("utf16le");
for (const api of [
  "$request = [Console]::In.ReadToEnd()",
  "CredReadW",
  "CredWriteW",
  "CredDeleteW",
  "CredEnumerateW",
  "CRED_PERSIST_LOCAL_MACHINE = 2",
]) {
  if (!script.includes(api)) {
    process.stderr.write(`fake powershell: the script lacks ${api}\n`);
    process.exit(1);
  }
}

const load = () => (existsSync(statePath) ? JSON.parse(readFileSync(statePath, "utf8")) : { creds: {} });
const save = (state) => {
  writeFileSync(`${statePath}.tmp`, JSON.stringify(state));
  renameSync(`${statePath}.tmp`, statePath);
};
const utf8 = (b64) => Buffer.from(b64, "base64").toString("utf8");
const b64 = (text) => Buffer.from(text, "utf8").toString("base64");

const state = load();
const results = [];
let changes = 0;
const crashAfter = process.env.FAKE_POWERSHELL_CRASH_AFTER_CHANGES;
const crash = () => {
  if (crashAfter !== undefined && changes++ >= Number(crashAfter)) process.exit(1);
};
const operations = utf8(line[1]).split("\n").filter(Boolean);
for (const [index, operation] of operations.entries()) {
  const [op, target64, blob64] = operation.split(" ");
  const target = utf8(target64);
  const id = target.toLowerCase();
  let error =
    index === 0 && process.env.FAKE_POWERSHELL_ERROR ? Number(process.env.FAKE_POWERSHELL_ERROR) : 0;
  if (!error && op === "read") {
    const cred = state.creds[id];
    results.push(cred ? { found: true, blob: cred.blob } : { found: false });
  } else if (!error && op === "write") {
    crash();
    if (process.env.FAKE_POWERSHELL_WRITE_ERROR) error = Number(process.env.FAKE_POWERSHELL_WRITE_ERROR);
    else if (Buffer.from(blob64, "base64").length > 2560) error = 87;
    else {
      state.creds[id] = { target, blob: blob64, type: 1, persist: 2 };
      save(state);
      results.push({});
    }
  } else if (!error && op === "delete") {
    crash();
    const found = id in state.creds;
    delete state.creds[id];
    save(state);
    results.push({ found });
  } else if (!error && op === "list") {
    if (!target.endsWith("*")) throw new Error("the fake knows filters ending in * only");
    const start = target.slice(0, -1).toLowerCase();
    const targets = Object.values(state.creds)
      .filter((cred) => cred.target.toLowerCase().startsWith(start))
      .map((cred) => b64(cred.target));
    results.push({ targets });
  } else if (!error) throw new Error(`unknown operation ${op}`);
  if (error) {
    process.stdout.write(JSON.stringify({ results, error: { at: results.length, code: error } }));
    process.exit(0);
  }
}
process.stdout.write(JSON.stringify({ results }));
