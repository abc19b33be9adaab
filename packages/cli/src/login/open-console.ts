import { VaultError } from "@vault-cli/core";
import type { CliIo } from "../io.js";
import { listenLoopback } from "../server/loopback-server.js";
import { openBrowser } from "../sso/sso-login.js";

/** How long the one-time redirect waits for the browser to come. */
const WAIT_MS = 60_000;

/**
 * Opens the console sign-in URL in the browser without putting it on a command line (where `ps` shows it to
 * every user): the browser is sent to a one-time page on 127.0.0.1 that redirects it to the URL, then closes.
 * Resolves once the browser has been redirected; a browser that cannot start or never comes is an error
 * that points at --stdout.
 */
export async function openConsole(io: CliIo, url: string): Promise<void> {
  const path = `/${process.getBuiltinModule("node:crypto").randomBytes(24).toString("base64url")}`;
  let served!: () => void;
  const redirected = new Promise<void>((resolve) => {
    served = resolve;
  });
  let used = false;
  const server = await listenLoopback(() => (request) => {
    if (request.path !== path || used) return { status: 404, body: "Not Found", contentType: "text/plain" };
    used = true;
    served();
    return {
      status: 302,
      body: "",
      contentType: "text/plain",
      headers: { Location: url, "Cache-Control": "no-store" },
    };
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const failed = new Promise<never>((_, reject) => {
      const fail = (why: string) =>
        reject(
          new VaultError("PROCESS_FAILED", `${why}; run 'vault-cli login --stdout' to print the URL instead`),
        );
      openBrowser(io, `${server.url}${path}`, (opener) => fail(`could not open a browser (${opener})`));
      timer = setTimeout(
        () => fail(`the browser did not open the console within ${WAIT_MS / 1000}s`),
        WAIT_MS,
      );
    });
    await Promise.race([redirected, failed]);
  } finally {
    clearTimeout(timer);
    await server.close();
  }
}
