import { chmod, stat, unlink } from "node:fs/promises";
import type { Socket } from "node:net";
import { dirname } from "node:path";
import { type FileKeyMaterial, wipeKeyMaterial } from "../key-material.js";
import { ensureAgentDir } from "./agent-socket.js";
import { type AgentRequest, encodeMaterial, MAX_REQUEST_BYTES, readLine } from "./agent-wire.js";

export interface ServeAgentOptions {
  readonly socket: string;
  readonly material: FileKeyMaterial;
  /** The agent forgets its keys and exits this long after it starts. */
  readonly ttlMs: number;
  readonly clock?: () => Date;
}

export interface RunningAgent {
  readonly expiresAt: Date;
  /** Settles once the agent has forgotten its keys and closed its socket (TTL, `stop`, or stop()). */
  readonly stopped: Promise<void>;
  stop(): void;
}

/** Simultaneous clients: parallel `export`s each hold one connection for a moment. */
const MAX_CONNECTIONS = 128;

/**
 * The agent's listener: answers `keys` for its directory, `status` and `stop`, one request per connection,
 * until `ttlMs` passes or a client says `stop`; then zeroes every KEK it holds and removes its socket (if the
 * socket is still its own: a newer agent may have taken the path). A stale socket file is replaced.
 */
export async function serveAgent(options: ServeAgentOptions): Promise<RunningAgent> {
  const { socket, material } = options;
  const clock = options.clock ?? (() => new Date());
  const expiresAt = new Date(clock().getTime() + options.ttlMs);
  await ensureAgentDir(dirname(socket));
  await unlink(socket).catch(() => undefined); // the caller made sure no live agent answers there
  const { createServer } = await import("node:net"); // only the agent listens: no CLI start pays for net
  const server = createServer((connection) => answer(connection));
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socket, () => resolve());
  });
  await chmod(socket, 0o600);
  const { ino } = await stat(socket);
  let finish: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    clearTimeout(timer);
    clearInterval(wallCheck);
    wipeKeyMaterial(material);
    server.close();
    stat(socket)
      .then((info) => (info.ino === ino ? unlink(socket) : undefined))
      .catch(() => undefined)
      .finally(finish);
  };
  const timer = setTimeout(stop, options.ttlMs);
  // Timers run on a monotonic clock that stops while the machine sleeps: the wall clock is checked too, at
  // every request and every minute, so a laptop that slept past the TTL never hands out a key.
  const expired = () => clock().getTime() >= expiresAt.getTime();
  const wallCheck = setInterval(() => {
    if (expired()) stop();
  }, 60_000);
  wallCheck.unref();

  async function answer(connection: Socket) {
    connection.on("error", () => undefined);
    const request = parseRequest(await readLine(connection, MAX_REQUEST_BYTES));
    if (!stopping && expired()) stop();
    if (stopping) return connection.destroy();
    if (request?.op === "keys") {
      connection.end(
        request.dir === material.dir
          ? `${encodeMaterial(material, { ok: true })}\n`
          : `${JSON.stringify({ ok: false, error: "this agent holds the keys of another directory" })}\n`,
      );
    } else if (request?.op === "status") {
      const status = { ok: true, dir: material.dir, expiresAt: expiresAt.toISOString(), pid: process.pid };
      connection.end(`${JSON.stringify(status)}\n`);
    } else if (request?.op === "stop") {
      connection.end(`${JSON.stringify({ ok: true })}\n`, stop);
    } else {
      connection.end(`${JSON.stringify({ ok: false, error: "not a request" })}\n`);
    }
  }

  return { expiresAt, stopped, stop };
}

function parseRequest(line: string | undefined): AgentRequest | undefined {
  if (line === undefined) return undefined;
  try {
    const request = JSON.parse(line) as Record<string, unknown>;
    if (request.op === "keys" && typeof request.dir === "string") return { op: "keys", dir: request.dir };
    if (request.op === "status" || request.op === "stop") return { op: request.op };
  } catch {
    // not JSON: answered as not a request
  }
  return undefined;
}
