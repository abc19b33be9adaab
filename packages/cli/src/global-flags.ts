import type { Env } from "@vault-cli/core";
import { BACKENDS } from "@vault-cli/keystores";
import type { FlagSpec } from "./command.js";
import { PROMPT_DRIVERS } from "./mfa/driver-argv.js";

/** aws-vault's global flags (plus --keyctl-scope and --debug), accepted before or after the command. */
export interface GlobalFlags {
  readonly backend?: string;
  readonly fileDir?: string;
  readonly filePassphraseCommand?: string;
  readonly passDir?: string;
  readonly passCmd?: string;
  readonly passPrefix?: string;
  readonly keyctlScope?: string;
  readonly secretServiceCollection?: string;
  readonly prompt?: string;
  readonly debug?: boolean;
  readonly noBrowser?: boolean;
}

interface GlobalFlagSpec extends FlagSpec {
  readonly key: keyof GlobalFlags;
  /** The variable the flag overrides for the keystore; --backend and --prompt are read directly. */
  readonly env?: string;
  /** Where the value comes from without the flag, for --help. */
  readonly fallback?: string;
}

export const GLOBAL_FLAGS: readonly GlobalFlagSpec[] = [
  {
    name: "backend",
    key: "backend",
    value: "NAME",
    choices: BACKENDS,
    help: "keystore backend, see below",
    fallback: "$AWS_VAULT_BACKEND, then the platform default",
  },
  {
    name: "file-dir",
    key: "fileDir",
    value: "DIR",
    env: "AWS_VAULT_FILE_DIR",
    help: "file: keys directory",
    fallback: "$AWS_VAULT_FILE_DIR, default ~/.awsvault/keys",
  },
  {
    name: "file-passphrase-command",
    key: "filePassphraseCommand",
    value: "CMD",
    env: "AWS_VAULT_FILE_PASSPHRASE_COMMAND",
    help: "file: a command that prints the passphrase",
    fallback: "$AWS_VAULT_FILE_PASSPHRASE_COMMAND",
  },
  {
    name: "pass-dir",
    key: "passDir",
    value: "DIR",
    env: "AWS_VAULT_PASS_PASSWORD_STORE_DIR",
    help: "pass: store directory",
    fallback: "$AWS_VAULT_PASS_PASSWORD_STORE_DIR, $PASSWORD_STORE_DIR, ~/.password-store",
  },
  {
    name: "pass-cmd",
    key: "passCmd",
    value: "CMD",
    env: "AWS_VAULT_PASS_CMD",
    help: "pass: program to run",
    fallback: "$AWS_VAULT_PASS_CMD, default pass",
  },
  {
    name: "pass-prefix",
    key: "passPrefix",
    value: "PREFIX",
    env: "AWS_VAULT_PASS_PREFIX",
    help: "pass: folder of the items in the store",
    fallback: "$AWS_VAULT_PASS_PREFIX",
  },
  {
    name: "keyctl-scope",
    key: "keyctlScope",
    value: "SCOPE",
    env: "AWS_VAULT_KEYCTL_SCOPE",
    help: "keyctl: user, usersession or session",
    fallback: "$AWS_VAULT_KEYCTL_SCOPE, default user",
  },
  {
    name: "secret-service-collection",
    key: "secretServiceCollection",
    value: "NAME",
    env: "AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME",
    help: "secret-service: collection of the items",
    fallback: "$AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME, default awsvault",
  },
  {
    name: "prompt",
    key: "prompt",
    value: "DRIVER",
    choices: PROMPT_DRIVERS,
    help: "how to ask for MFA codes: terminal, zenity, kdialog, osascript, ykman",
    fallback: "$AWS_VAULT_PROMPT, default terminal",
  },
  {
    name: "no-browser",
    key: "noBrowser",
    help: "SSO: print the sign-in page and code, do not open a browser",
    fallback: "$VAULT_CLI_NO_BROWSER",
  },
  {
    name: "debug",
    key: "debug",
    help: "trace config, keystore, cache, lock and STS steps on stderr (no secrets)",
  },
];

/** The global flags among parsed values (each flag's long name as the key). */
export function globalsFrom(values: Readonly<Record<string, string | boolean | undefined>>): GlobalFlags {
  const globals: Record<string, string | boolean> = {};
  for (const spec of GLOBAL_FLAGS) {
    const value = values[spec.name];
    if (value !== undefined) globals[spec.key] = value;
  }
  return globals as GlobalFlags;
}

/**
 * The keystore variables the flags set (each wins over the variable aws-vault reads for it). They are for
 * opening the keystore only: like aws-vault, vault-cli does not pass flag values on to the processes it starts.
 */
export function keystoreOverrides(globals: GlobalFlags): Env {
  const out: Record<string, string> = {};
  for (const spec of GLOBAL_FLAGS) {
    const value = globals[spec.key];
    if (spec.env && typeof value === "string") out[spec.env] = value;
  }
  return out;
}

/** A yes/no environment variable (VAULT_CLI_NO_BROWSER, AWS_VAULT_STDOUT): 1, true or yes, in any case. */
export function isTrue(value: string | undefined): boolean {
  const lower = value?.toLowerCase();
  return lower === "1" || lower === "true" || lower === "yes";
}
