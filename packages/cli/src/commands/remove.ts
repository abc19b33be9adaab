import { didYouMean, VaultError } from "@vault-cli/core";
import { ask } from "../ask.js";
import type { Command } from "../command.js";
import { openCliKeystore } from "../keystore/open-cli-keystore.js";
import { readStoredKeys, removeSessionsOf } from "../keystore/stored-keys.js";
import { parseCommandArgs, requiredProfile } from "../parse-command-args.js";

export const removeCommand: Command = {
  name: "remove",
  aliases: ["rm"],
  summary: "Remove credentials from the secure keystore",
  usage: `Usage: vault-cli remove [flags] <profile>

Delete the long-term keys of <profile> from the keystore, after asking on the terminal, and its cached
sessions. The AWS config file is not changed. Never needs the file backend's passphrase.

Flags:
  -f, --force           do not ask for confirmation
  -s, --sessions-only   delete only the profile's cached sessions (aws-vault's legacy flag; see 'clear')
`,
  flags: ["--force", "--sessions-only"],
  takesProfile: true,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs("remove", args, {
      force: { type: "boolean", short: "f" },
      "sessions-only": { type: "boolean", short: "s" },
    });
    const profile = requiredProfile("remove", positionals);
    const keystore = await openCliKeystore(io, globals);
    const stored = await readStoredKeys(keystore);
    if (values["sessions-only"]) {
      io.stdout(`Deleted ${await removeSessionsOf(keystore, stored, profile)} sessions.\n`);
      return 0;
    }
    if (!stored.credentials.includes(profile)) {
      throw new VaultError(
        "ITEM_NOT_FOUND",
        `no credentials stored for profile '${profile}' in the ${keystore.name} keystore` +
          didYouMean(profile, stored.credentials),
        { profile },
      );
    }
    if (!values.force) {
      const question = `Delete credentials for profile ${JSON.stringify(profile)}? (y|N) `;
      const answer = await ask(io, "remove", question, { hidden: false }, "use --force to skip the question");
      if (!/^(y|yes)$/i.test(answer)) return 0;
    }
    await keystore.remove(profile);
    io.stdout("Deleted credentials.\n");
    const removed = await removeSessionsOf(keystore, stored, profile);
    if (removed > 0) io.stdout(`Deleted ${removed} existing sessions.\n`);
    return 0;
  },
};
