import type { IncomingHttpHeaders } from "node:http";
import { isVaultError, type Trace } from "@vault-cli/core";

/** What a route sees of a request: no body is ever read (the servers' requests have none). */
interface ServerRequest {
  readonly method: string;
  /** The path, percent-decoding left to the route; the query string is dropped. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

export interface Reply {
  readonly status: number;
  readonly body: string;
  /** Default `application/json; charset=utf-8`. */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (request: ServerRequest) => Reply | Promise<Reply>;

export interface LoopbackServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Stops listening, lets answers in progress finish (for up to a second) and ends every connection. */
  close(): Promise<void>;
}

/** Limits on what a client may send (docs/reliability.md): servers read headers only. */
const LIMITS = {
  /** A request's headers must arrive within this, the whole request too. */
  requestMs: 10_000,
  /** An idle kept-alive connection is closed after this. */
  keepAliveMs: 5_000,
  headerBytes: 16 * 1024,
  /** Open connections at once; SDKs use one or two. */
  connections: 64,
} as const;

/** The body of every error reply, as aws-vault writes them: `{"Message": ...}`. */
export function messageReply(status: number, message: string): Reply {
  return { status, body: `${JSON.stringify({ Message: message })}\n` };
}

/**
 * Listens on 127.0.0.1 at a port the system picks, and serves what `routes(port)` answers. There is no way to ask for another address: what the
 * servers hand out must never be reachable from another machine. A request with a body is refused (413);
 * a route that throws gets a 500 with the error's message (VaultError messages hold no secret).
 */
export async function listenLoopback(
  routes: (port: number) => Handler,
  trace?: Trace,
): Promise<LoopbackServer> {
  const { createServer } = await import("node:http");
  const server = createServer({
    requestTimeout: LIMITS.requestMs,
    headersTimeout: LIMITS.requestMs,
    keepAliveTimeout: LIMITS.keepAliveMs,
    maxHeaderSize: LIMITS.headerBytes,
  });
  server.maxConnections = LIMITS.connections;
  let handle: Handler = () => messageReply(503, "starting");
  server.on("request", (req, res) => {
    const started = Date.now();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const hasBody =
      Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
    const request: ServerRequest = { method: req.method ?? "GET", path, headers: req.headers };
    Promise.resolve()
      .then(() => (hasBody ? messageReply(413, "requests to this server have no body") : handle(request)))
      .catch((error: unknown) => messageReply(500, errorMessage(error)))
      .then((reply) => {
        res.writeHead(reply.status, {
          "Content-Type": reply.contentType ?? "application/json; charset=utf-8",
          ...reply.headers,
        });
        res.end(reply.body);
        trace?.(
          `http: ${req.socket.remoteAddress}: ${reply.status} ${request.method} ${path} (${Date.now() - started} ms)`,
        );
      });
    // Whatever body was sent anyway is drained, not read.
    req.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  handle = routes(port);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Answers being written are finished; a connection still busy a second later is cut.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }),
  };
}

function errorMessage(error: unknown): string {
  if (isVaultError(error)) return error.message;
  return "vault-cli could not get credentials (an unexpected error; run with --debug)";
}
