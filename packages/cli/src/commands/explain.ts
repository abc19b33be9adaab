import { parseGoDuration, planCredentials } from "@vault-cli/core";
import type { Command } from "../command.js";
import { formatPlanText } from "../explain/format-plan-text.js";
import { planToJson } from "../explain/plan-json.js";
import { relevantWarnings } from "../explain/relevant-warnings.js";
import { storedProfiles } from "../explain/stored-profiles.js";
import { loadConfig } from "../load-config.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { usageError } from "../usage-error.js";

export const explainCommand: Command = {
  name: "explain",
  summary: "Show how credentials for a profile would be obtained, without calling AWS",
  usage: `Usage: vault-cli explain [flags] <profile>

Resolve <profile> from the AWS config file and print the chain aws-vault would use: where credentials
come from, each GetSessionToken/AssumeRole hop, where an MFA code is asked or reused, durations and the
1-hour role-chaining cap, the keystore cache item of each hop, and warnings where the AWS CLI, the JS SDK
or aws-vault would read the config differently. Nothing is sent to AWS. The keystore is only listed (no
secret is read, no passphrase asked) to mark whether each stored hop's keys are there; profiles without a
source of their own are planned as holding long-term keys even when none are stored yet.

Flags:
  --json             print the plan as JSON (schema: docs/explain-json.md)
  -d, --duration D   requested session duration, e.g. 1h, 90m, 3600s
  -n, --no-session   plan without GetSessionToken, as 'exec --no-session' would
  --region R         region override
`,
  flags: ["--json", "--duration", "--no-session", "--region"],
  valueFlags: ["--duration", "-d", "--region"],
  takesProfile: true,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs("explain", args, {
      json: { type: "boolean" },
      duration: { type: "string", short: "d" },
      "no-session": { type: "boolean", short: "n" },
      region: { type: "string" },
    });
    const profile = positionals[0] ?? io.env.AWS_PROFILE;
    if (!profile) throw usageError("explain", "missing <profile>");
    if (positionals.length > 1) throw usageError("explain", `unexpected argument '${positionals[1]}'`);
    const durationSeconds =
      typeof values.duration === "string" ? parseDurationFlag(values.duration) : undefined;
    const config = loadConfig(io);
    const stored = await storedProfiles(io, globals, config);
    const plan = planCredentials(config, profile, {
      env: io.env,
      ...(typeof values.region === "string" ? { region: values.region } : {}),
      ...(durationSeconds ? { durationSeconds } : {}),
      noSession: values["no-session"] === true,
      storedProfiles: stored.planning,
    });
    const shown = { ...plan, warnings: relevantWarnings(config, plan) };
    io.stdout(
      values.json
        ? `${JSON.stringify(planToJson(shown, config.file, stored), null, 2)}\n`
        : formatPlanText(shown, config.file, stored),
    );
    return 0;
  },
};

function parseDurationFlag(text: string): number {
  const seconds = parseGoDuration(text);
  if (seconds === undefined || seconds < 1) {
    throw usageError("explain", `invalid --duration '${text}': use a Go duration such as 1h, 90m or 3600s`);
  }
  return Math.floor(seconds);
}
