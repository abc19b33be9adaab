import type { Command } from "../command.js";
import type { CliIo } from "../io.js";
import { openCliKeystore } from "../keystore/open-cli-keystore.js";
import { readStoredKeys } from "../keystore/stored-keys.js";
import { listTable } from "../list/list-table.js";
import { sessionLabel } from "../list/session-label.js";
import { loadConfig } from "../load-config.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { usageError } from "../usage-error.js";

export const listCommand: Command = {
  name: "list",
  aliases: ["ls"],
  summary: "List profiles, along with their credentials and sessions",
  usage: `Usage: vault-cli list [flags]

Print aws-vault's table: each profile of the AWS config file ($AWS_CONFIG_FILE or ~/.aws/config) with
its stored credentials and cached sessions (type and time left), then stored credentials and sessions
no profile owns. Only key names are read: no secret is decrypted and no passphrase is asked.

Flags:
  --profiles      show only the profile names of the config file, in file order
  --credentials   show only the names of stored credentials
  --sessions      show only the cached sessions (type:time left) and SSO tokens
`,
  flags: ["--profiles", "--credentials", "--sessions"],
  takesProfile: false,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs("list", args, {
      profiles: { type: "boolean" },
      credentials: { type: "boolean" },
      sessions: { type: "boolean" },
    });
    if (positionals.length > 0) throw usageError("list", `unexpected argument '${positionals[0]}'`);
    // aws-vault's order when several are given: credentials, then profiles, then sessions.
    if (values.profiles && !values.credentials) {
      return printLines(io, [...loadConfig(io).profiles.keys()]);
    }
    const config = values.credentials || values.sessions ? undefined : loadConfig(io);
    const stored = await readStoredKeys(await openCliKeystore(io, globals));
    const now = io.now();
    if (values.credentials) return printLines(io, stored.credentials);
    if (values.sessions) {
      return printLines(io, [
        ...stored.oidcTokens,
        ...stored.sessions.map(({ session }) => sessionLabel(session, now)),
      ]);
    }
    if (config) io.stdout(listTable(config, stored, now));
    return 0;
  },
};

function printLines(io: CliIo, lines: readonly string[]): number {
  io.stdout(lines.map((line) => `${line}\n`).join(""));
  return 0;
}
