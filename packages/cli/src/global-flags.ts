import type { Env } from "@vault-cli/core";
import { usageError } from "./usage-error.js";

/** The keystore flags aws-vault has (plus --keyctl-scope), accepted before or after the command. */
export interface GlobalFlags {
  readonly backend?: string;
  readonly fileDir?: string;
  readonly passDir?: string;
  readonly passCmd?: string;
  readonly passPrefix?: string;
  readonly keyctlScope?: string;
}

interface GlobalFlagSpec {
  readonly flag: `--${string}`;
  readonly key: keyof GlobalFlags;
  readonly value: string;
  /** The variable the flag overrides; --backend is handed to openKeystore directly. */
  readonly env?: string;
  readonly help: string;
  /** Where the value comes from without the flag, for --help. */
  readonly fallback: string;
}

export const GLOBAL_FLAGS: readonly GlobalFlagSpec[] = [
  {
    flag: "--backend",
    key: "backend",
    value: "NAME",
    help: "keystore backend, see below",
    fallback: "$AWS_VAULT_BACKEND, then the platform default",
  },
  {
    flag: "--file-dir",
    key: "fileDir",
    value: "DIR",
    env: "AWS_VAULT_FILE_DIR",
    help: "file: keys directory",
    fallback: "$AWS_VAULT_FILE_DIR, default ~/.awsvault/keys",
  },
  {
    flag: "--pass-dir",
    key: "passDir",
    value: "DIR",
    env: "AWS_VAULT_PASS_PASSWORD_STORE_DIR",
    help: "pass: store directory",
    fallback: "$AWS_VAULT_PASS_PASSWORD_STORE_DIR, $PASSWORD_STORE_DIR, ~/.password-store",
  },
  {
    flag: "--pass-cmd",
    key: "passCmd",
    value: "CMD",
    env: "AWS_VAULT_PASS_CMD",
    help: "pass: program to run",
    fallback: "$AWS_VAULT_PASS_CMD, default pass",
  },
  {
    flag: "--pass-prefix",
    key: "passPrefix",
    value: "PREFIX",
    env: "AWS_VAULT_PASS_PREFIX",
    help: "pass: folder of the items in the store",
    fallback: "$AWS_VAULT_PASS_PREFIX",
  },
  {
    flag: "--keyctl-scope",
    key: "keyctlScope",
    value: "SCOPE",
    env: "AWS_VAULT_KEYCTL_SCOPE",
    help: "keyctl: user, usersession or session",
    fallback: "$AWS_VAULT_KEYCTL_SCOPE, default user",
  },
];

/**
 * Takes the global flags (`--flag value` or `--flag=value`) out of argv, wherever they are, up to a `--`.
 * What is left is `<command> [args...]` for the command's own parser.
 */
export function splitGlobalFlags(argv: readonly string[]): { globals: GlobalFlags; rest: string[] } {
  const globals: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    const [name, inline] = word.startsWith("--") ? splitAtEquals(word) : [word, undefined];
    const spec = GLOBAL_FLAGS.find((s) => s.flag === name);
    if (!spec) {
      rest.push(word);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw usageError("", `${spec.flag} needs a value (${spec.value})`);
    globals[spec.key] = value;
  }
  return { globals, rest };
}

function splitAtEquals(word: string): [string, string | undefined] {
  const at = word.indexOf("=");
  return at < 0 ? [word, undefined] : [word.slice(0, at), word.slice(at + 1)];
}

/** The environment the keystore sees: each flag wins over the variable aws-vault reads for it. */
export function keystoreEnv(env: Env, globals: GlobalFlags): Env {
  const out: Record<string, string | undefined> = { ...env };
  for (const spec of GLOBAL_FLAGS) {
    const value = globals[spec.key];
    if (spec.env && value !== undefined) out[spec.env] = value;
  }
  return out;
}
