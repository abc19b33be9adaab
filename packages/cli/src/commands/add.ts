import {
  credentialsLabel,
  encodeMasterCredentials,
  profilesSourcedFrom,
  removeSessionsOf,
  sourceProfileOf,
  VaultError,
} from "@vault-cli/core";
import { addProfileSection } from "@vault-cli/sdk-provider";
import { requiredProfile } from "../argv/parse-argv.js";
import type { Command } from "../command.js";
import { checkProfileName } from "../keystore/check-profile-name.js";
import { readNewCredentials } from "../keystore/read-new-credentials.js";

export const addCommand: Command = {
  name: "add",
  summary: "Add credentials to the secure keystore",
  args: "<profile>",
  description: `Store the long-term IAM keys of <profile> in the keystore (item label 'aws-vault (<profile>)'), as
aws-vault does. The access key ID and the secret are asked on the terminal (the secret without echo),
never read from stdin. Cached sessions made from the keys it replaces are deleted (the profile's, and those of
profiles whose source_profile leads to it), and a '[profile <profile>]' section
is appended to the AWS config file if it has none (the rest of the file is left byte for byte).`,
  flags: [
    { name: "env", help: "read AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment" },
    {
      name: "add-config",
      negatable: true,
      help: "do not add a section to the AWS config file (--add-config is the default)",
    },
  ],
  positional: "profile",
  async run(input, { io, vault }) {
    const profile = requiredProfile("add", input.positionals);
    checkProfileName("add", profile);
    const config = vault.readConfig();
    const source = sourceProfileOf(config, profile);
    if (source !== undefined) {
      throw new VaultError(
        "CONFIG_INVALID_SETTING",
        `Your profile has a source_profile of ${source}, adding credentials to ${profile} won't have any effect`,
        { profile },
      );
    }
    // Opened first: an unavailable backend fails before anyone types a secret.
    const keystore = await vault.keystore();
    const credentials = await readNewCredentials(io, input.values.env === true);
    await keystore.set(profile, encodeMasterCredentials(credentials), { label: credentialsLabel(profile) });
    io.stdout(`Added credentials to profile ${JSON.stringify(profile)} in vault\n`);
    // Sessions made from the keys this replaces go too, with those of the profiles sourced from them.
    const derived = profilesSourcedFrom(config, profile);
    const removed = await removeSessionsOf(keystore, await vault.listKeys(), new Set([profile, ...derived]));
    if (removed > 0) io.stdout(`Deleted ${removed} existing sessions.\n`);
    if (!config.profiles.has(profile) && input.values["add-config"] !== false) {
      if ((await addProfileSection(vault.configFile, profile)) === "not-a-file") {
        io.stderr(
          `vault-cli: warning: no [profile ${profile}] section added: ${vault.configFile} is not a regular file\n`,
        );
      }
    }
    return 0;
  },
};
