declare const __VAULT_CLI_VERSION__: string | undefined;

/** Injected by tsup at build time; "dev" when run from source (tests). */
export const VERSION: string =
  typeof __VAULT_CLI_VERSION__ === "string" ? __VAULT_CLI_VERSION__ : "0.0.0-dev";
