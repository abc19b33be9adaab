import { dirname } from "node:path";
import type { Env } from "@vault-cli/core";
import type { FileKeyMaterial } from "../key-material.js";
import { agentSocketPath, isPrivateSocket } from "./agent-socket.js";
import {
  type AgentRequest,
  CONNECT_TIMEOUT_MS,
  decodeMaterial,
  MAX_REPLY_BYTES,
  readLine,
} from "./agent-wire.js";

/**
 * Sends one request to the agent at `socket` and returns its answer, or undefined when there is no agent
 * (no socket, a stale one, a directory that is not private) or it does not answer in time. node:net is loaded
 * only when a socket is there to ask.
 */
export async function askAgent(
  socket: string,
  request: AgentRequest,
): Promise<Record<string, unknown> | undefined> {
  if (!(await isPrivateSocket(socket, dirname(socket)))) return undefined;
  const { createConnection } = await import("node:net");
  return new Promise((resolve) => {
    const connection = createConnection(socket);
    const timer = setTimeout(() => connection.destroy(), CONNECT_TIMEOUT_MS);
    connection.on("error", () => resolve(undefined)); // ECONNREFUSED: a dead agent's socket
    connection.on("connect", () => {
      clearTimeout(timer);
      connection.write(`${JSON.stringify(request)}\n`);
      readLine(connection, MAX_REPLY_BYTES).then((line) => {
        connection.destroy();
        resolve(parseAnswer(line));
      });
    });
    connection.on("close", () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

function parseAnswer(line: string | undefined): Record<string, unknown> | undefined {
  if (line === undefined) return undefined;
  try {
    const answer: unknown = JSON.parse(line);
    return typeof answer === "object" && answer !== null ? (answer as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The keys the agent holds for `dir`, or undefined (no agent, or one unlocked for another directory). */
export async function agentKeyMaterial(env: Env, dir: string): Promise<FileKeyMaterial | undefined> {
  const socket = agentSocketPath(env);
  const answer = socket === undefined ? undefined : await askAgent(socket, { op: "keys", dir });
  if (answer?.ok !== true) return undefined;
  const material = decodeMaterial(answer);
  return material?.dir === dir ? material : undefined;
}
