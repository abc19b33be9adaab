/**
 * An HTTP fake of the AWS federation endpoint (`https://signin.aws.amazon.com/federation`) for `login` tests:
 * `GET /federation?Action=getSigninToken&Session=<JSON>` answers `{"SigninToken": "signin-<n>"}` and records
 * the session it was given. `status` makes every answer fail with that HTTP status instead.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FederationSession {
  readonly sessionId: string;
  readonly sessionKey: string;
  readonly sessionToken: string;
}

export interface FederationFake {
  /** The federation endpoint: http://127.0.0.1:<port>/federation (VAULT_CLI_FEDERATION_ENDPOINT). */
  readonly url: string;
  /** The sessions getSigninToken was asked for, in order; `params` holds the other query parameters. */
  readonly requests: readonly { session: FederationSession; params: Record<string, string> }[];
  stop(): Promise<void>;
}

export async function startFederationFake(options: { status?: number } = {}): Promise<FederationFake> {
  const requests: { session: FederationSession; params: Record<string, string> }[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const params = Object.fromEntries(url.searchParams);
    if (url.pathname !== "/federation" || params.Action !== "getSigninToken" || !params.Session) {
      res.writeHead(400).end("bad request");
      return;
    }
    const { Session, Action: _, ...rest } = params;
    requests.push({ session: JSON.parse(Session) as FederationSession, params: rest });
    if (options.status !== undefined) {
      res.writeHead(options.status).end("no");
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ SigninToken: `signin-${requests.length}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/federation`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
