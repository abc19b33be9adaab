import { credentialsLabel, encodeMasterCredentials, VaultError } from "@vault-cli/core";
import type { Command } from "../command.js";
import { addProfileSection } from "../config-file/add-profile-section.js";
import { checkProfileName } from "../keystore/check-profile-name.js";
import { openCliKeystore } from "../keystore/open-cli-keystore.js";
import { readNewCredentials } from "../keystore/read-new-credentials.js";
import { readStoredKeys, removeSessionsOf } from "../keystore/stored-keys.js";
import { loadConfig } from "../load-config.js";
import { parseCommandArgs, requiredProfile } from "../parse-command-args.js";

export const addCommand: Command = {
  name: "add",
  summary: "Add credentials to the secure keystore",
  usage: `Usage: vault-cli add [flags] <profile>

Store the long-term IAM keys of <profile> in the keystore (item label 'aws-vault (<profile>)'), as
aws-vault does. The access key ID and the secret are asked on the terminal (the secret without echo),
never read from stdin. Cached sessions of the profile are deleted, and a '[profile <profile>]' section
is appended to the AWS config file if it has none (the rest of the file is left byte for byte).

Flags:
  --env              read AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment
  --no-add-config    do not add a section to the AWS config file (--add-config is the default)
`,
  flags: ["--env", "--add-config", "--no-add-config"],
  takesProfile: true,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs(
      "add",
      args,
      { env: { type: "boolean" }, "add-config": { type: "boolean", default: true } },
      { allowNegative: true },
    );
    const profile = requiredProfile("add", positionals);
    checkProfileName("add", profile);
    const config = loadConfig(io);
    const section = config.profiles.get(profile);
    const source = section?.settings.get("source_profile")?.value;
    if (typeof source === "string" && source !== "") {
      throw new VaultError(
        "CONFIG_INVALID_SETTING",
        `Your profile has a source_profile of ${source}, adding credentials to ${profile} won't have any effect`,
        { profile },
      );
    }
    // Opened first: an unavailable backend fails before anyone types a secret.
    const keystore = await openCliKeystore(io, globals);
    const credentials = await readNewCredentials(io, values.env === true);
    await keystore.set(profile, encodeMasterCredentials(credentials), { label: credentialsLabel(profile) });
    io.stdout(`Added credentials to profile ${JSON.stringify(profile)} in vault\n`);
    const removed = await removeSessionsOf(keystore, await readStoredKeys(keystore), profile);
    if (removed > 0) io.stdout(`Deleted ${removed} existing sessions.\n`);
    if (!section && values["add-config"] !== false) await addProfileSection(config.file, profile);
    return 0;
  },
};
