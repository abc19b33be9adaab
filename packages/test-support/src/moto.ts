/**
 * A real STS/IAM fake for tests: moto's ThreadedMotoServer (pyenv python3) on 127.0.0.1, port chosen by the OS.
 *
 * Stable API (other packages' tests use it):
 *   const moto = await startMoto({ auth?: number, record?: boolean });
 *     auth N     the first N AWS calls are unauthenticated (set-up), then every call must be SigV4-signed by
 *                keys moto issued (moto never checks expiry; GetSessionToken credentials are always rejected).
 *     record     every request is appended to moto.recordFile (JSON lines) for calls() / count().
 *   moto.url, moto.port, moto.recordFile (undefined without record)
 *   await moto.calls()          -> [{ action, accessKeyId?, sessionToken?, params }] in order (/moto-api/* skipped)
 *   await moto.count("AssumeRole")
 *   await moto.createUser("alice")   -> { accessKeyId, secretAccessKey, arn }   (3 unauthenticated calls)
 *   await moto.createRole("Deploy", trustedArn, externalId?) -> arn            (1 unauthenticated call)
 *   await moto.reset()          wipes IAM/STS state and the recording
 *   await moto.stop()           SIGTERM by PID (also stops on its own when this process exits)
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseRecording, type RecordedCall } from "./moto-recording.js";
import { tempDir } from "./temp.js";

export interface MotoOptions {
  readonly auth?: number;
  readonly record?: boolean;
}

export interface MotoUser {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly arn: string;
}

export interface Moto {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly recordFile: string | undefined;
  calls(): Promise<RecordedCall[]>;
  count(action: string): Promise<number>;
  createUser(name: string): Promise<MotoUser>;
  createRole(name: string, trustedArn: string, externalId?: string): Promise<string>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const SUPPORT = new URL(".", import.meta.url).pathname;
/** The pyenv python3 on PATH has moto; /usr/bin/python3 does not. AWS_* files never point at a real ~/.aws. */
const PYTHON_ENV = { ...process.env, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" };

export async function startMoto(options: MotoOptions = {}): Promise<Moto> {
  const dir = tempDir("moto");
  const recordFile = options.record ? join(dir, "recording.jsonl") : undefined;
  const args = [join(SUPPORT, "moto_server.py")];
  if (options.auth !== undefined) args.push("--auth", String(options.auth));
  if (recordFile) args.push("--record", recordFile);
  const child = spawn("python3", args, { stdio: ["pipe", "pipe", "pipe"], env: PYTHON_ENV });
  const port = await readPort(child);
  const url = `http://127.0.0.1:${port}`;
  const calls = async () => (recordFile ? parseRecording(readFileSync(recordFile, "utf8")) : []);
  const iam = async (...iamArgs: string[]) => {
    const run = promisify(execFile);
    const { stdout } = await run("python3", [join(SUPPORT, "moto_iam.py"), url, ...iamArgs], {
      env: PYTHON_ENV,
    });
    return JSON.parse(stdout) as MotoUser;
  };
  return {
    url,
    port,
    pid: child.pid!,
    recordFile,
    calls,
    count: async (action) => (await calls()).filter((call) => call.action === action).length,
    createUser: (name) => iam("user", name),
    createRole: async (name, trustedArn, externalId) =>
      (await iam("role", name, trustedArn, ...(externalId ? [externalId] : []))).arn,
    reset: async () => {
      await fetch(`${url}/moto-api/reset`, { method: "POST" });
      await fetch(`${url}/moto-api/recorder/reset-recording`, { method: "POST" });
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        process.kill(child.pid!, "SIGTERM");
        await exited;
      }
    },
  };
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PORT (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) =>
      reject(new Error(`moto exited (${code}) before listening: ${err.slice(-2000)}`)),
    );
    child.once("error", reject);
  });
}
