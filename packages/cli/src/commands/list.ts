import type { Command } from "../command.js";
import { loadConfig } from "../load-config.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { usageError } from "../usage-error.js";

export const listCommand: Command = {
  name: "list",
  aliases: ["ls"],
  summary: "List profiles from the AWS config file",
  usage: `Usage: vault-cli list --profiles

List the profiles of the AWS config file ($AWS_CONFIG_FILE or ~/.aws/config), one per line, in file order.

Flags:
  --profiles   show only profile names
`,
  flags: ["--profiles"],
  takesProfile: false,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("list", args, { profiles: { type: "boolean" } });
    if (positionals.length > 0) throw usageError("list", `unexpected argument '${positionals[0]}'`);
    if (!values.profiles) {
      throw usageError("list", "the credentials and sessions table needs a keystore; use 'list --profiles'");
    }
    const config = loadConfig(io);
    for (const name of config.profiles.keys()) io.stdout(`${name}\n`);
    return 0;
  },
};
