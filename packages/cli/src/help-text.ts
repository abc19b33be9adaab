import type { Command } from "./command.js";

export function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join("\n");
  return `Usage: vault-cli [--help] [--version] <command> [<args> ...]

A credential tool for AWS: long-term IAM keys in a keystore, short-lived STS credentials for your
shell, the AWS CLI and the AWS SDKs. Reads ~/.aws/config (or $AWS_CONFIG_FILE) exactly as aws-vault does.

Commands:
${rows}

Run 'vault-cli <command> --help' for a command's flags.
`;
}
