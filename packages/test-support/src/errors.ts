import { isVaultError } from "@vault-cli/core";

/** What `promise` rejected with; undefined when it resolved. */
export const errorOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** The code (for a VaultError) and message of what `promise` rejected with. */
export async function failureOf(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  const error = await errorOf(promise);
  return { code: isVaultError(error) ? error.code : undefined, message: (error as Error)?.message };
}
