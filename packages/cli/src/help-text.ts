import { HELP, VERSION } from "./argv/parse-argv.js";
import { flagRows } from "./argv/usage.js";
import type { Command } from "./command.js";
import { GLOBAL_FLAGS } from "./global-flags.js";

interface BackendHelp {
  /** Every backend vault-cli has, in aws-vault's order of preference. */
  readonly backends: readonly string[];
  /** Those that can work on this machine (availableBackends). */
  readonly available: readonly string[];
  /** The one a command would open (chooseBackend). */
  readonly chosen: string;
  /** Why, when the platform default chose it. */
  readonly why?: string | undefined;
}

const BACKEND_SUMMARY: Readonly<Record<string, string>> = {
  wincred: "Windows Credential Manager",
  keychain: "macOS keychain (aws-vault.keychain)",
  kwallet: "KDE Wallet (kwalletd5 on the D-Bus session bus)",
  "secret-service": "Secret Service on the D-Bus session bus (GNOME Keyring, KeePassXC)",
  keyctl: "Linux kernel keyring (keyctl)",
  pass: "pass, the GnuPG password store",
  file: "encrypted files in aws-vault's format (passphrase: $AWS_VAULT_FILE_PASSPHRASE, vault-cli agent, a command or a prompt)",
};

/** `vault-cli --help`: the commands, the global flags and the keystore backends. */
export function helpText(commands: readonly Command[], keystores: BackendHelp): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join("\n");
  const help = { ...HELP, help: "show this help; 'vault-cli <command> --help' shows a command's flags" };
  const globals = flagRows([...GLOBAL_FLAGS, help, VERSION], (flag) => {
    const fallback = GLOBAL_FLAGS.find((g) => g.name === flag.name)?.fallback;
    return fallback ? ` (${fallback})` : "";
  });
  return `Usage: vault-cli [global flags] <command> [<args> ...]

A credential tool for AWS: long-term IAM keys in a keystore, short-lived STS credentials for your
shell, the AWS CLI and the AWS SDKs. Reads ~/.aws/config (or $AWS_CONFIG_FILE) the way aws-vault does.

Commands:
${rows}

Global flags (before or after the command):
${globals.join("\n")}

Keystore backends (now: ${keystores.chosen}${keystores.why ? `: ${keystores.why}` : ""}):
${backendRows(keystores)}
`;
}

function backendRows({ backends, available }: BackendHelp): string {
  return backends
    .map((name) => {
      const state = available.includes(name) ? "available" : "not available here";
      return `  ${name.padEnd(16)}${state.padEnd(20)}${BACKEND_SUMMARY[name] ?? ""}`;
    })
    .join("\n");
}
