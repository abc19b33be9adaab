import type { Command } from "../command.js";
import type { CliIo } from "../io.js";
import { listTable } from "../list/list-table.js";
import { sessionLabel } from "../list/session-label.js";
import { usageError } from "../usage-error.js";

export const listCommand: Command = {
  name: "list",
  aliases: ["ls"],
  summary: "List profiles, along with their credentials and sessions",
  args: "",
  description: `Print aws-vault's table: each profile of the AWS config file ($AWS_CONFIG_FILE or ~/.aws/config) with
its stored credentials and cached sessions (type and time left), then stored credentials and sessions
no profile owns. Only key names are read: no secret is decrypted and no passphrase is asked.`,
  flags: [
    { name: "profiles", help: "show only the profile names of the config file, in file order" },
    { name: "credentials", help: "show only the names of stored credentials" },
    { name: "sessions", help: "show only the cached sessions (type:time left) and SSO tokens" },
  ],
  async run({ values, positionals }, { io, vault }) {
    if (positionals.length > 0) throw usageError("list", `unexpected argument '${positionals[0]}'`);
    // aws-vault's order when several are given: credentials, then profiles, then sessions.
    if (values.profiles && !values.credentials) {
      return printLines(io, [...vault.readConfig().profiles.keys()]);
    }
    const config = values.credentials || values.sessions ? undefined : vault.readConfig();
    const stored = await vault.listKeys();
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
