import { didYouMean, isVaultError, profilesSourcedFrom, removeSessionsOf, VaultError } from "@vault-cli/core";
import type { Vault } from "@vault-cli/sdk-provider";
import { requiredProfile } from "../argv/parse-argv.js";
import type { Command } from "../command.js";
import type { CliIo } from "../io.js";

export const removeCommand: Command = {
  name: "remove",
  aliases: ["rm"],
  summary: "Remove credentials from the secure keystore",
  args: "<profile>",
  description: `Delete the long-term keys of <profile> from the keystore, after asking on the terminal, with its cached
sessions and those of every profile whose credentials come from it (source_profile): a removed key's role
sessions are not served on. The AWS config file is not changed. Never needs the file backend's passphrase.`,
  flags: [
    { name: "force", short: "f", help: "do not ask for confirmation" },
    {
      name: "sessions-only",
      short: "s",
      help: "delete only the profile's cached sessions (aws-vault's legacy flag; see 'clear')",
    },
  ],
  positional: "profile",
  async run({ values, positionals }, { io, vault }) {
    const profile = requiredProfile("remove", positionals);
    const keystore = await vault.keystore();
    const stored = await vault.listKeys();
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
      const answer = await io.prompt(question, { hidden: false, purpose: "confirm" });
      if (!/^(y|yes)$/i.test(answer)) return 0;
    }
    // What the keys made goes with them: a leaked key's role sessions must not be served on.
    const derived = derivedProfiles(vault, io, profile);
    await keystore.remove(profile);
    io.stdout("Deleted credentials.\n");
    const removed = await removeSessionsOf(keystore, stored, new Set([profile, ...derived]));
    if (removed > 0) io.stdout(`Deleted ${removed} existing sessions.\n`);
    return 0;
  },
};

/** The profiles sourced from `profile`; a config that cannot be read leaves just the profile's own sessions. */
function derivedProfiles(vault: Vault, io: CliIo, profile: string): Set<string> {
  try {
    return profilesSourcedFrom(vault.readConfig(), profile);
  } catch (error) {
    if (!isVaultError(error) || error.code !== "CONFIG_READ") throw error;
    io.stderr(`vault-cli: warning: ${error.message}: only the sessions of '${profile}' itself are removed\n`);
    return new Set();
  }
}
