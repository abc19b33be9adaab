// What the agent and its clients say to each other: one JSON line each way, one request per connection.
//   {"op":"keys","dir":"/home/u/.awsvault/keys"} -> {"ok":true,"dir":...,"keys":[{alg,p2s,p2c,kek}],"write":{...}}
//   {"op":"status"}                                -> {"ok":true,"dir":...,"expiresAt":"<RFC 3339>","pid":123}
//   {"op":"stop"}                                  -> {"ok":true}, then the agent forgets its keys and exits
// Anything else, or keys of another directory: {"ok":false,"error":"..."}. Byte strings are base64url.
import type { Socket } from "node:net";
import type { Pbes2Params, WriteKey } from "../jwe.js";
import type { FileKeyMaterial } from "../key-material.js";

/** A request is a few hundred bytes; more is not a client of ours. */
export const MAX_REQUEST_BYTES = 4096;
/** An answer holds one KEK per distinct salt: thousands of items fit. */
export const MAX_REPLY_BYTES = 4 * 1024 * 1024;
/** Every read on either side ends by then: a stalled peer never holds the other. */
const READ_DEADLINE_MS = 5000;
/** A live agent accepts at once; a slower one is treated as none. */
export const CONNECT_TIMEOUT_MS = 1000;

export type AgentRequest =
  | { readonly op: "keys"; readonly dir: string }
  | { readonly op: "status" }
  | { readonly op: "stop" };

/**
 * The first line `socket` sends (without its newline), or undefined when it ends, errs, sends more than
 * `maxBytes` without a newline, or nothing arrives for READ_DEADLINE_MS.
 */
export function readLine(socket: Socket, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (line: string | undefined) => {
      socket.setTimeout(0);
      socket.removeAllListeners("data");
      resolve(line);
    };
    socket.setTimeout(READ_DEADLINE_MS, () => {
      done(undefined);
      socket.destroy();
    });
    socket.on("data", (chunk: Buffer) => {
      const end = chunk.indexOf(10);
      chunks.push(end === -1 ? chunk : chunk.subarray(0, end));
      size += end === -1 ? chunk.length : end;
      if (size > maxBytes) {
        done(undefined);
        socket.destroy();
      } else if (end !== -1) done(Buffer.concat(chunks).toString("utf8"));
    });
    socket.on("end", () => done(undefined));
    socket.on("error", () => done(undefined));
  });
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const encodeKey = (key: WriteKey) => ({ alg: key.alg, p2s: b64(key.p2s), p2c: key.p2c, kek: b64(key.kek) });

/** The material as JSON text: the daemon's stdin, and the answer to `keys`. */
export function encodeMaterial(material: FileKeyMaterial, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    ...extra,
    dir: material.dir,
    keys: material.keys.map(encodeKey),
    write: encodeKey(material.write),
  });
}

function decodeKey(value: unknown): WriteKey | undefined {
  const { alg, p2s, p2c, kek } = (value ?? {}) as Record<string, unknown>;
  if (typeof alg !== "string" || typeof p2s !== "string" || typeof kek !== "string") return undefined;
  if (typeof p2c !== "number" || !Number.isInteger(p2c)) return undefined;
  const params: Pbes2Params = { alg, p2s: Buffer.from(p2s, "base64url"), p2c };
  return { ...params, kek: Buffer.from(kek, "base64url") };
}

/** Material from its JSON form (already parsed), or undefined when it is not one. */
export function decodeMaterial(value: unknown): FileKeyMaterial | undefined {
  const { dir, keys, write } = (value ?? {}) as Record<string, unknown>;
  if (typeof dir !== "string" || !Array.isArray(keys)) return undefined;
  const decoded = keys.map(decodeKey);
  const writeKey = decodeKey(write);
  if (!writeKey || decoded.some((key) => key === undefined)) return undefined;
  return { dir, keys: decoded as WriteKey[], write: writeKey };
}
