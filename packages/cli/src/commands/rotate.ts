import { requiredProfile } from "../argv/parse-argv.js";
import type { Command } from "../command.js";
import { CREDENTIAL_FLAGS } from "../credentials/credential-flags.js";

export const rotateCommand: Command = {
  name: "rotate",
  summary: "Rotate the stored access key of a profile (or of its source profile)",
  args: "<profile>",
  description: `Replace the long-term access key that <profile>'s credentials come from: create a new key, prove it works
(retrying while IAM makes it usable), store it, and only then delete the old key; then remove the profile's
sessions. If a step fails, a working key stays stored and the message says what is left in IAM. The IAM calls
are signed by one session made with MFA (asked once) when the profile has mfa_serial, else by the old key.`,
  flags: [
    {
      name: "no-session",
      short: "n",
      help: "sign the IAM calls with the old key itself, not a session made with MFA",
    },
    ...CREDENTIAL_FLAGS.filter((flag) => flag.name === "mfa-token"),
  ],
  positional: "profile",
  async run({ positionals, values }, { io, vault }) {
    const profile = requiredProfile("rotate", positionals);
    const report = (line: string) => io.stderr(`${line}\n`);
    const result = await vault.rotate(
      {
        profile,
        noSession: values["no-session"] === true,
        ...(typeof values["mfa-token"] === "string" ? { mfaToken: values["mfa-token"] } : {}),
      },
      report,
    );
    io.stderr(`Finished rotating the access key of '${result.owner}'\n`);
    return 0;
  },
};
