import { VaultError } from "@vault-cli/core";

export function usageError(command: string, message: string): VaultError {
  const help = command ? `vault-cli ${command} --help` : "vault-cli --help";
  return new VaultError("USAGE", `${message}\nRun '${help}' for usage.`);
}
