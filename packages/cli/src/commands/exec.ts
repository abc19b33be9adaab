import type { Command } from "../command.js";
import {
  CREDENTIAL_FLAGS,
  CREDENTIAL_VALUE_FLAGS,
  credentialRequest,
  profileArgument,
  refuseNesting,
} from "../credentials/credential-flags.js";
import {
  CREDENTIAL_PROCESS_MIN_TTL_SECONDS,
  minTtlFromEnv,
  obtainCredentials,
} from "../credentials/obtain-credentials.js";
import { childEnv } from "../exec/child-env.js";
import { formatCredentials } from "../exec/format-credentials.js";
import { splitExecArgs } from "../exec/split-exec-args.js";
import { parseCommandArgs } from "../parse-command-args.js";

const FLAGS = [
  "--duration",
  "-d",
  "--no-session",
  "-n",
  "--region",
  "--mfa-token",
  "-t",
  "--prompt",
  "--json",
  "-j",
];

export const execCommand: Command = {
  name: "exec",
  summary: "Run a command (or a shell) with temporary credentials for a profile",
  usage: `Usage: vault-cli exec [flags] <profile> [--] [command [args ...]]

Run command with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
AWS_REGION/AWS_DEFAULT_REGION and AWS_VAULT set, and AWS_PROFILE and stale credentials unset. Without a
command, starts $SHELL. Signals are passed to the command and its exit status becomes vault-cli's.

Flags:
  -d, --duration D    session duration, e.g. 1h, 90m, 3600s
  -n, --no-session    skip GetSessionToken: long-term keys for a user, AssumeRole straight from them for a role
  --region R          region override
  -t, --mfa-token T   the MFA code, instead of asking for one
  --prompt DRIVER     how to ask for an MFA code: terminal, zenity, kdialog, osascript, ykman ($AWS_VAULT_PROMPT)
  -j, --json          print credential_process JSON instead of running a command
`,
  flags: ["--duration", "--no-session", "--region", "--mfa-token", "--prompt", "--json"],
  valueFlags: CREDENTIAL_VALUE_FLAGS,
  takesProfile: true,
  async run(args, io, globals) {
    const split = splitExecArgs(args, new Set(FLAGS), new Set(CREDENTIAL_VALUE_FLAGS));
    const { values } = parseCommandArgs("exec", split.flagArgs, {
      ...CREDENTIAL_FLAGS,
      json: { type: "boolean", short: "j" },
    });
    refuseNesting(io, "exec");
    const profile = profileArgument("exec", io, split.profile);
    const minTtl = minTtlFromEnv(io);
    const request = {
      ...credentialRequest("exec", profile, values),
      minTtlSeconds: values.json === true ? Math.max(minTtl, CREDENTIAL_PROCESS_MIN_TTL_SECONDS) : minTtl,
    };
    const { credentials, plan } = await obtainCredentials(io, globals, request);
    if (values.json === true) {
      io.stdout(formatCredentials("json", profile, credentials, plan.region));
      return 0;
    }
    let [command, ...commandArgs] = split.command;
    if (command === undefined) {
      command = io.env.SHELL || "/bin/sh";
      if (io.stdoutIsTTY && io.env.AWS_VAULT_DISABLE_HELP_MESSAGE !== "1") {
        io.stderr(`Starting subshell ${command}, use \`exit\` to exit the subshell\n`);
      }
    }
    return io.runChild(command, commandArgs, childEnv(io.env, profile, credentials, plan.region));
  },
};
