import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface StsProxyOptions {
  /** Wait this long before answering. */
  readonly delayMs?: number;
  /**
   * The Expiration to put in each answer, from the duration the request asked for (GetSessionToken's default
   * when it asked for none): a test's clock, or a time in the past.
   */
  readonly expiration?: (requestedSeconds: number) => Date;
  /** Answer every request with this instead of moto's answer (an error document, say). */
  readonly answer?: { readonly status: number; readonly body: string };
}

export interface StsProxy {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A loopback STS of the test's own in front of moto: it forwards each request and passes the answer back, late
 * or with another Expiration, for what moto cannot do (a slow STS, credentials that come back already expired,
 * answers that follow a test's clock instead of the wall clock).
 */
export async function startStsProxy(target: string, options: StsProxyOptions = {}): Promise<StsProxy> {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (options.answer) {
      response.writeHead(options.answer.status, { "content-type": "text/xml" });
      response.end(options.answer.body);
      return;
    }
    const answer = await fetch(`${target}${request.url}`, {
      method: request.method ?? "POST",
      headers: request.headers as Record<string, string>,
      body,
    });
    let text = await answer.text();
    if (options.expiration) {
      const asked = Number(new URLSearchParams(body.toString("utf8")).get("DurationSeconds") ?? 43_200);
      const at = options.expiration(asked).toISOString();
      text = text.replace(/<Expiration>[^<]*<\/Expiration>/g, `<Expiration>${at}</Expiration>`);
    }
    response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/xml" });
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => stopServer(server),
  };
}

function stopServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
