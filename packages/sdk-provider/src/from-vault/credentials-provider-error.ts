import { withLibraryHint } from "./hints.js";

/**
 * The SDK's CredentialsProviderError with tryNextLink false (a chain must not fall through to other
 * credentials) and the original error, usually a VaultError, as `cause`. @smithy/property-provider is
 * imported only here, on the error path, so importing this package stays light.
 */
export async function toCredentialsProviderError(error: unknown, profile: string): Promise<Error> {
  const { CredentialsProviderError } = await import("@smithy/property-provider");
  const message = `fromVault('${profile}'): ${withLibraryHint(error)}`;
  const wrapped = new CredentialsProviderError(message, { tryNextLink: false });
  Object.defineProperty(wrapped, "cause", { value: error, configurable: true, writable: true });
  return wrapped;
}
