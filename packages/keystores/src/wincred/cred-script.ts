import { type Env, helperEnv, VaultError } from "@vault-cli/core";
import { runCommand, stderrSummary } from "../support/run-command.js";

/**
 * Windows Credential Manager without a native module: powershell.exe compiles a small C# class that
 * P/Invokes CredReadW, CredWriteW, CredDeleteW and CredEnumerateW, and runs a batch of operations in order,
 * stopping at the first failure. The script is fixed text, passed with -EncodedCommand; the request (target
 * names and blobs, base64) is data it reads from stdin, never part of any script text, so PowerShell's
 * script-block logging (event 4104, on by default for "suspicious" blocks) and AMSI never see a secret. The
 * answer is one JSON line on stdout, every string in it base64, so the console's code page cannot change a byte.
 * Add-Type needs Full Language Mode: under WDAC/AppLocker's Constrained Language Mode the backend cannot run.
 */
const CRED_SCRIPT = `$ErrorActionPreference = 'Stop'
$request = [Console]::In.ReadToEnd().Trim()
Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
public static class VaultCliCred {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  struct Credential {
    public uint Flags; public uint Type; public string TargetName; public string Comment;
    public System.Runtime.InteropServices.ComTypes.FILETIME LastWritten;
    public uint CredentialBlobSize; public IntPtr CredentialBlob; public uint Persist;
    public uint AttributeCount; public IntPtr Attributes; public string TargetAlias; public string UserName;
  }
  [DllImport("advapi32.dll", EntryPoint = "CredReadW", CharSet = CharSet.Unicode, SetLastError = true)]
  static extern bool CredRead(string target, uint type, uint flags, out IntPtr credential);
  [DllImport("advapi32.dll", EntryPoint = "CredWriteW", CharSet = CharSet.Unicode, SetLastError = true)]
  static extern bool CredWrite(ref Credential credential, uint flags);
  [DllImport("advapi32.dll", EntryPoint = "CredDeleteW", CharSet = CharSet.Unicode, SetLastError = true)]
  static extern bool CredDelete(string target, uint type, uint flags);
  [DllImport("advapi32.dll", EntryPoint = "CredEnumerateW", CharSet = CharSet.Unicode, SetLastError = true)]
  static extern bool CredEnumerate(string filter, uint flags, out uint count, out IntPtr credentials);
  [DllImport("advapi32.dll")]
  static extern void CredFree(IntPtr buffer);
  const uint CRED_TYPE_GENERIC = 1, CRED_PERSIST_LOCAL_MACHINE = 2;
  const int ERROR_NOT_FOUND = 1168;
  static string Utf8(string base64) { return Encoding.UTF8.GetString(Convert.FromBase64String(base64)); }
  static string Base64(string text) { return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)); }
  static int Read(string target, List<string> results) {
    IntPtr found;
    if (!CredRead(target, CRED_TYPE_GENERIC, 0, out found)) {
      int error = Marshal.GetLastWin32Error();
      if (error != ERROR_NOT_FOUND) return error;
      results.Add("{\\"found\\":false}");
      return 0;
    }
    Credential credential = (Credential)Marshal.PtrToStructure(found, typeof(Credential));
    byte[] blob = new byte[credential.CredentialBlobSize];
    if (blob.Length > 0) Marshal.Copy(credential.CredentialBlob, blob, 0, blob.Length);
    CredFree(found);
    results.Add("{\\"found\\":true,\\"blob\\":\\"" + Convert.ToBase64String(blob) + "\\"}");
    Array.Clear(blob, 0, blob.Length);
    return 0;
  }
  static int Write(string target, byte[] blob, List<string> results) {
    Credential credential = new Credential();
    credential.Type = CRED_TYPE_GENERIC;
    credential.TargetName = target;
    credential.Persist = CRED_PERSIST_LOCAL_MACHINE;
    credential.CredentialBlobSize = (uint)blob.Length;
    credential.CredentialBlob = Marshal.AllocHGlobal(Math.Max(blob.Length, 1));
    Marshal.Copy(blob, 0, credential.CredentialBlob, blob.Length);
    bool written = CredWrite(ref credential, 0);
    int error = written ? 0 : Marshal.GetLastWin32Error();
    Marshal.Copy(new byte[blob.Length], 0, credential.CredentialBlob, blob.Length);
    Marshal.FreeHGlobal(credential.CredentialBlob);
    Array.Clear(blob, 0, blob.Length);
    if (written) results.Add("{}");
    return error;
  }
  static int Delete(string target, List<string> results) {
    if (CredDelete(target, CRED_TYPE_GENERIC, 0)) { results.Add("{\\"found\\":true}"); return 0; }
    int error = Marshal.GetLastWin32Error();
    if (error != ERROR_NOT_FOUND) return error;
    results.Add("{\\"found\\":false}");
    return 0;
  }
  static int List(string filter, List<string> results) {
    uint count;
    IntPtr list;
    List<string> targets = new List<string>();
    if (CredEnumerate(filter, 0, out count, out list)) {
      for (int i = 0; i < count; i++) {
        IntPtr item = Marshal.ReadIntPtr(list, i * IntPtr.Size);
        Credential credential = (Credential)Marshal.PtrToStructure(item, typeof(Credential));
        if (credential.Type == CRED_TYPE_GENERIC) targets.Add("\\"" + Base64(credential.TargetName) + "\\"");
      }
      CredFree(list);
    } else {
      int error = Marshal.GetLastWin32Error();
      if (error != ERROR_NOT_FOUND) return error;
    }
    results.Add("{\\"targets\\":[" + String.Join(",", targets.ToArray()) + "]}");
    return 0;
  }
  public static string Run(string request) {
    List<string> results = new List<string>();
    string[] lines = Utf8(request).Split('\\n');
    for (int i = 0; i < lines.Length; i++) {
      if (lines[i].Length == 0) continue;
      string[] fields = lines[i].Split(' ');
      string target = Utf8(fields[1]);
      int error;
      if (fields[0] == "read") error = Read(target, results);
      else if (fields[0] == "write") error = Write(target, Convert.FromBase64String(fields[2]), results);
      else if (fields[0] == "delete") error = Delete(target, results);
      else error = List(target, results);
      if (error != 0) {
        return "{\\"results\\":[" + String.Join(",", results.ToArray()) + "],\\"error\\":{\\"at\\":" + results.Count + ",\\"code\\":" + error + "}}";
      }
    }
    return "{\\"results\\":[" + String.Join(",", results.ToArray()) + "]}";
  }
}
'@
[Console]::Out.Write([VaultCliCred]::Run($request))
`;

/** -EncodedCommand takes the script as base64 of UTF-16LE (about 14 KB, far under Windows' 32,767-character argv). */
const ENCODED_SCRIPT = Buffer.from(CRED_SCRIPT, "utf16le").toString("base64");

export type CredOperation =
  | { readonly op: "read"; readonly target: string }
  | { readonly op: "write"; readonly target: string; readonly blob: Buffer }
  | { readonly op: "delete"; readonly target: string }
  | { readonly op: "list"; readonly filter: string };

interface CredResult {
  readonly found?: boolean;
  readonly blob?: Buffer;
  readonly targets?: string[];
}

/** What a batch did: a result per operation run; `error` when the next one failed (a Win32 error code). */
export interface CredBatch {
  readonly results: CredResult[];
  readonly error?: { readonly at: number; readonly code: number };
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const text = (base64: string) => Buffer.from(base64, "base64").toString("utf8");

function requestLine(operation: CredOperation): string {
  if (operation.op === "list") return `list ${b64(operation.filter)}`;
  if (operation.op === "write") return `write ${b64(operation.target)} ${operation.blob.toString("base64")}`;
  return `${operation.op} ${b64(operation.target)}`;
}

/** The script's stdin: the operations, one per line, base64 as a whole (data, never code). */
function credStdin(operations: readonly CredOperation[]): string {
  return `${b64(operations.map(requestLine).join("\n"))}\n`;
}

const POWERSHELL_ARGS = ["-NoLogo", "-NoProfile", "-NonInteractive", "-EncodedCommand", ENCODED_SCRIPT];

interface RawBatch {
  results?: { found?: boolean; blob?: string; targets?: string[] }[];
  error?: { at: number; code: number };
}

/** Runs a batch of Cred* calls through `command` (powershell.exe). */
export async function runCredBatch(
  command: string,
  env: Env,
  operations: readonly CredOperation[],
  failure: "KEYSTORE_UNAVAILABLE" | "KEYSTORE_WRITE",
): Promise<CredBatch> {
  let result: Awaited<ReturnType<typeof runCommand>>;
  try {
    result = await runCommand(command, POWERSHELL_ARGS, {
      env: helperEnv(env),
      input: credStdin(operations),
    });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new VaultError("KEYSTORE_UNAVAILABLE", `cannot run '${command}': ${reason}`, { cause: error });
  }
  let raw: RawBatch | undefined;
  try {
    raw = JSON.parse(result.stdout.toString("utf8").trim()) as RawBatch;
  } catch {
    raw = undefined;
  }
  if (result.exitCode !== 0 || !Array.isArray(raw?.results)) {
    throw new VaultError(
      failure,
      `wincred: PowerShell could not reach the Credential Manager (exit code ${result.exitCode}): ${stderrSummary(result.stderr)}`,
    );
  }
  return {
    results: raw.results.map((r) => ({
      found: r.found,
      blob: r.blob === undefined ? undefined : Buffer.from(r.blob, "base64"),
      targets: r.targets?.map(text),
    })),
    error: raw.error,
  };
}
