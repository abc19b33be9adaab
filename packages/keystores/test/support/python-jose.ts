import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Debian's python3-jwcrypto is importable by the system python only (not a pyenv python3 on PATH). */
const SYSTEM_PYTHON = "/usr/bin/python3";
const script = fileURLToPath(new URL("./awsvault_file.py", import.meta.url));

export function jwcryptoMissing(): string | undefined {
  const probe = spawnSync(SYSTEM_PYTHON, ["-c", "import jwcrypto.jwe"], { encoding: "utf8" });
  return probe.status === 0 ? undefined : "python3-jwcrypto is missing: apt-get install -y python3-jwcrypto";
}

export interface PythonItem {
  readonly key: string;
  readonly data: string;
  readonly label?: string;
  readonly description?: string;
  readonly notTrust?: boolean;
}

export interface PythonReadEntry {
  readonly file: string;
  readonly trailingNewline: boolean;
  readonly header?: string;
  readonly p2sBytes?: number;
  readonly payload?: string;
  readonly awsVaultPayload?: string;
  readonly data?: string;
  readonly nameMatchesKey?: boolean;
  readonly error?: string;
}

function run(command: "write" | "read", dir: string, request: object): string {
  const result = spawnSync(SYSTEM_PYTHON, [script, command, dir], {
    input: JSON.stringify(request),
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`awsvault_file.py ${command} failed: ${result.stderr}`);
  return result.stdout;
}

/** Writes items into `dir` exactly as aws-vault's file backend would, with jwcrypto. */
export function writeLikeAwsVault(dir: string, passphrase: string, items: readonly PythonItem[]): void {
  run("write", dir, { passphrase, items });
}

/** Decrypts every file in `dir` with jwcrypto. */
export function readWithJwcrypto(dir: string, passphrase: string): PythonReadEntry[] {
  return JSON.parse(run("read", dir, { passphrase }));
}
