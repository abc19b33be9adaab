import { type AwsCredentials, signinTokenUrl, VaultError } from "@vault-cli/core";
import { describeLimit } from "../vault/limits.js";

/** A sign-in token answer is a few hundred bytes; more is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * The federation endpoint's getSigninToken for `credentials`. The request carries them in its query, so
 * neither it nor the answer is ever traced or shown; errors name the endpoint and status only.
 */
export async function fetchSigninToken(
  federation: string,
  credentials: AwsCredentials,
  timeoutMs: number,
): Promise<string> {
  const fail = (why: string, status?: number) =>
    new VaultError("FEDERATION_FAILED", `getSigninToken at ${federation} failed: ${why}`, {
      data: status === undefined ? {} : { status: String(status) },
    });
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(signinTokenUrl(federation, credentials), { signal, redirect: "error" });
  } catch (error) {
    if (signal.aborted) {
      throw fail(`no answer within ${describeLimit(timeoutMs, "ms")} (VAULT_CLI_STS_TIMEOUT)`);
    }
    // Only the cause's code: the request's URL, which holds the credentials, must not reach a message.
    const code =
      ((error as { cause?: { code?: unknown } }).cause?.code as string | undefined) ?? "no connection";
    throw fail(code);
  }
  const text = await readLimited(response);
  if (response.status !== 200) throw fail(`HTTP ${response.status}`, response.status);
  let token: unknown;
  try {
    token = (JSON.parse(text ?? "") as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== "string" || token === "") throw fail("the answer holds no SigninToken", 200);
  return token;
}

/** The body, or undefined past MAX_ANSWER_BYTES (the rest is not read). */
async function readLimited(response: Response): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
