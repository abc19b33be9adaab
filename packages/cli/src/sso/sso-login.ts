import type { SsoLoginPrompt } from "@vault-cli/core";
import { describeSignIn } from "@vault-cli/sdk-provider";
import { isTrue } from "../global-flags.js";
import type { CliIo } from "../io.js";

/** Set to 1/true (or pass --no-browser) to print the sign-in page without opening a browser (SSH, headless). */
const NO_BROWSER_ENV = "VAULT_CLI_NO_BROWSER";

/**
 * The CLI's SSO sign-in: the page and code on stderr (stdout may be a credential_process answer), the
 * browser opened on it unless told not to, and on a terminal a countdown until the code expires.
 */
export function cliSsoLogin(io: CliIo, noBrowser: boolean): SsoLoginPrompt {
  const browserOff = noBrowser || isTrue(io.env[NO_BROWSER_ENV]);
  return (signIn) => {
    io.stderr(describeSignIn(signIn, io.now()));
    if (!browserOff) openBrowser(io, signIn.verificationUriComplete);
    if (!io.stderrIsTTY) return undefined;
    const tick = () => {
      const left = Math.max(0, Math.round((signIn.expiresAt.getTime() - io.now().getTime()) / 1000));
      const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
      io.stderr(`\rWaiting for the sign-in to be approved (${clock} left, Ctrl-C to stop) `);
    };
    tick();
    const timer = setInterval(tick, 1000);
    timer.unref();
    return () => {
      clearInterval(timer);
      io.stderr("\n");
    };
  };
}

/**
 * $BROWSER (run through the shell, the URL as its argument), else the platform's opener. It runs detached;
 * a failure to start only means the user opens the printed page by hand (`onFailed`, or a line on stderr).
 */
export function openBrowser(io: CliIo, url: string, onFailed?: (opener: string) => void): void {
  const browser = io.env.BROWSER?.trim();
  const [command, args] = browser
    ? ["/bin/sh", ["-c", `${browser} "$1"`, "browser", url]]
    : io.platform === "darwin"
      ? ["open", [url]]
      : io.platform === "win32"
        ? ["rundll32", ["url.dll,FileProtocolHandler", url]]
        : ["xdg-open", [url]];
  const failed = () =>
    onFailed
      ? onFailed(command)
      : io.stderr(`vault-cli: could not open a browser (${command}); open the page above by hand\n`);
  // child_process is loaded here, for a sign-in, not at every start.
  void import("node:child_process").then(({ spawn }) => {
    try {
      const child = spawn(command, args, { detached: true, stdio: "ignore", env: { ...io.env } });
      child.on("error", failed);
      // A shell whose $BROWSER command is missing, or an opener that found no browser, exits non-zero.
      child.on("exit", (code) => {
        if (code !== 0 && code !== null) failed();
      });
      child.unref();
    } catch {
      failed();
    }
  });
}
