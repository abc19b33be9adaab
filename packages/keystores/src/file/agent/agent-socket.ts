import { lstat, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Env, VaultError } from "@vault-cli/core";

/**
 * Where `vault-cli agent` listens: `$XDG_RUNTIME_DIR/vault-cli/agent.sock`, else `<TMPDIR>/vault-cli-agent-<uid>/`.
 * Node cannot read a Unix socket's peer credentials (no SO_PEERCRED), so, as ssh-agent does, the directory is
 * the guard: 0700 and owned by this user, or the agent is neither started nor asked. Undefined where there are
 * no uids (Windows): no agent there.
 */
export function agentSocketPath(env: Env): string | undefined {
  if (typeof process.getuid !== "function") return undefined;
  const runtime = env.XDG_RUNTIME_DIR;
  const dir = runtime?.startsWith("/")
    ? join(runtime, "vault-cli")
    : join(env.TMPDIR || "/tmp", `vault-cli-agent-${process.getuid()}`);
  return join(dir, "agent.sock");
}

/** Why `dir` is no place for the agent's socket, or undefined when it is a 0700 directory of this user. */
async function privateDirProblem(dir: string): Promise<string | undefined> {
  const info = await lstat(dir);
  if (!info.isDirectory()) return "it is not a directory";
  if (info.uid !== process.getuid?.()) return `it is owned by uid ${info.uid}`;
  if ((info.mode & 0o077) !== 0) return `its mode is ${(info.mode & 0o777).toString(8)}, not 700`;
  return undefined;
}

/** Makes the socket's directory (0700) if needed; AGENT_FAILED when it exists and is not private. */
export async function ensureAgentDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw agentDirError(dir, error);
  }
  const problem = await privateDirProblem(dir).catch((error: unknown) => {
    throw agentDirError(dir, error);
  });
  if (problem) {
    throw new VaultError("AGENT_FAILED", `the agent's directory '${dir}' is not private: ${problem}`, {
      data: { dir },
    });
  }
}

function agentDirError(dir: string, error: unknown): VaultError {
  const code = (error as NodeJS.ErrnoException).code;
  return new VaultError("AGENT_FAILED", `cannot make the agent's directory '${dir}': ${code ?? error}`, {
    cause: error,
    data: { dir },
  });
}

/** Whether a client may ask the socket: it is a socket of this user in a private directory (no net loaded). */
export async function isPrivateSocket(socket: string, dir: string): Promise<boolean> {
  try {
    if ((await privateDirProblem(dir)) !== undefined) return false;
    const info = await lstat(socket);
    return info.isSocket() && info.uid === process.getuid?.();
  } catch {
    return false; // no directory or no socket: no agent
  }
}
