import type { Command } from "../command.js";
import { CREDENTIAL_FLAGS, durationFlag } from "../credentials/credential-flags.js";
import { formatPlanText } from "../explain/format-plan-text.js";
import { planToJson } from "../explain/plan-json.js";
import { relevantWarnings } from "../explain/relevant-warnings.js";
import { storedProfiles } from "../explain/stored-profiles.js";
import { usageError } from "../usage-error.js";

export const explainCommand: Command = {
  name: "explain",
  summary: "Show how credentials for a profile would be obtained, without calling AWS",
  args: "<profile>",
  description: `Resolve <profile> from the AWS config file and print the chain aws-vault would use: where credentials
come from, each GetSessionToken/AssumeRole hop with every input it sends (external id, session name,
tags, source identity, command, endpoint), where an MFA code is asked or reused, durations and where each
was set, the 1-hour role-chaining cap, the keystore cache item of each hop, and warnings where the AWS
CLI, the JS SDK or aws-vault would read the config differently. Nothing is sent to AWS. The keystore is
only listed (no secret is read, no passphrase asked) to mark whether each stored hop's keys are there;
profiles without a source of their own are planned as holding long-term keys even when none are stored yet.`,
  flags: [
    { name: "json", help: "print the plan as JSON (schema: docs/explain-json.md)" },
    ...CREDENTIAL_FLAGS.filter((flag) => flag.name !== "mfa-token"),
  ],
  positional: "profile",
  async run({ values, positionals }, { io, vault }) {
    const profile = positionals[0] ?? io.env.AWS_PROFILE;
    if (!profile) throw usageError("explain", "missing <profile>");
    if (positionals.length > 1) throw usageError("explain", `unexpected argument '${positionals[1]}'`);
    const durationSeconds = durationFlag("explain", values.duration as string | undefined, io.env);
    const config = vault.readConfig();
    const stored = await storedProfiles(vault, config, profile);
    const request = {
      profile,
      ...(typeof values.region === "string" ? { region: values.region } : {}),
      ...(durationSeconds ? { durationSeconds } : {}),
      noSession: values["no-session"] === true,
    };
    const plan = vault.plan(config, request, stored.planning);
    const shown = { ...plan, warnings: relevantWarnings(config, plan) };
    io.stdout(
      values.json
        ? `${JSON.stringify(planToJson(shown, config.file, stored, io.env), null, 2)}\n`
        : formatPlanText(shown, config.file, stored, io.env),
    );
    return 0;
  },
};
