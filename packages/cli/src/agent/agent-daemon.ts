// dist/agent-daemon.cjs: the process `vault-cli agent` leaves running. It reads its keys, socket and TTL from
// stdin (never argv or environment), listens, says `ready` on stdout, and exits when the TTL passes, a client
// says `stop`, or it gets SIGTERM/SIGINT/SIGHUP, zeroing the keys first (serveAgent).
import { closeSync, writeSync } from "node:fs";
import { decodeMaterial, serveAgent } from "@vault-cli/keystores";

const MAX_INPUT_BYTES = 16 * 1024 * 1024;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES) throw new Error("too much input");
    chunks.push(chunk as Buffer);
  }
  const input = Buffer.concat(chunks);
  for (const chunk of chunks) chunk.fill(0);
  return input;
}

async function main(): Promise<void> {
  process.umask(0o077); // the socket is made 0600 from the start
  const input = await readStdin();
  const parsed = JSON.parse(input.toString("utf8")) as { socket?: unknown; ttlMs?: unknown };
  input.fill(0);
  const material = decodeMaterial(parsed);
  const { socket, ttlMs } = parsed;
  if (!material || typeof socket !== "string" || typeof ttlMs !== "number") throw new Error("bad input");
  const agent = await serveAgent({ socket, material, ttlMs });
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, agent.stop);
  writeSync(1, "ready\n");
  closeSync(1);
  await agent.stopped;
  process.exit(0);
}

main().catch((error: unknown) => {
  try {
    writeSync(1, `error: ${error instanceof Error ? error.message : String(error)}\n`);
  } catch {
    // nobody is listening any more
  }
  process.exit(1);
});
