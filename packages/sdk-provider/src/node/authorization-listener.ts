import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type AuthorizationListener, type ListenForAuthorization, VaultError } from "@vault-cli/core";

const CALLBACK_PATH = "/oauth/callback";

/**
 * The authorization-code flow's loopback listener: 127.0.0.1 on a port the system picks, one callback path,
 * a fresh PKCE verifier (32 random bytes) and state per sign-in. A request with another state is answered 400
 * and waited past; the listener closes after the first matching one.
 */
export const listenForAuthorization: ListenForAuthorization = async () => {
  const state = randomUUID();
  const codeVerifier = randomBytes(32).toString("base64url");
  const codeChallenge = createHash("sha256").update(codeVerifier).digest("base64url");
  let settle: { resolve: (code: string) => void; reject: (error: Error) => void } | undefined;
  const outcome = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  outcome.catch(() => {}); // awaited through code(); a rejection before that is not unhandled

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== CALLBACK_PATH || url.searchParams.get("state") !== state) {
      response.writeHead(url.pathname === CALLBACK_PATH ? 400 : 404, { "content-type": "text/plain" });
      response.end("This is not the sign-in vault-cli is waiting for.\n");
      return;
    }
    const code = url.searchParams.get("code");
    const error = url.searchParams.get("error");
    response.writeHead(200, { "content-type": "text/plain; charset=utf-8", connection: "close" });
    response.end(code ? "Signed in. You can close this window.\n" : "The sign-in did not complete.\n");
    if (code) settle?.resolve(code);
    else {
      settle?.reject(
        new VaultError(
          "SSO_LOGIN_FAILED",
          `the browser came back without a code (${error ?? "no error given"})`,
          {
            data: { reason: error ?? "no code" },
          },
        ),
      );
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const close = () => {
    server.closeAllConnections();
    server.close();
  };
  const listener: AuthorizationListener = {
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    state,
    codeVerifier,
    codeChallenge,
    async code(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const minutes = Math.round(timeoutMs / 60_000);
          reject(
            new VaultError("SSO_LOGIN_FAILED", `the browser did not come back within ${minutes} min`, {
              data: { reason: "expired" },
            }),
          );
        }, timeoutMs);
      });
      try {
        return await Promise.race([outcome, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close,
  };
  return listener;
};
