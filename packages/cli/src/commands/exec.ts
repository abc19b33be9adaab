import type { Command } from "../command.js";
import {
  CREDENTIAL_FLAGS,
  credentialRequest,
  profileArgument,
  refuseNesting,
} from "../credentials/credential-flags.js";
import { formatCredentials } from "../exec/format-credentials.js";

export const execCommand: Command = {
  name: "exec",
  summary: "Run a command (or a shell) with temporary credentials for a profile",
  args: "<profile> [--] [command [args ...]]",
  description: `Run command with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
AWS_REGION/AWS_DEFAULT_REGION and AWS_VAULT set, and AWS_PROFILE and stale credentials unset. Without a
command, starts $SHELL. Signals are passed to the command and its exit status becomes vault-cli's.
Cached credentials are used while they have AWS_MIN_TTL (default 5m) left; with --json, 15 minutes.`,
  flags: [
    ...CREDENTIAL_FLAGS,
    { name: "json", short: "j", help: "print credential_process JSON instead of running a command" },
  ],
  positional: "profile",
  passThrough: true,
  async run(input, { io, vault }) {
    refuseNesting(io, "exec");
    const profile = profileArgument("exec", io, input.positionals[0]);
    const json = input.values.json === true;
    const consumer = json ? "credential_process" : "exec";
    const { credentials, plan } = await vault.credentials(
      credentialRequest("exec", profile, input, consumer),
    );
    if (json) {
      io.stdout(formatCredentials("json", profile, credentials, plan.region));
      return 0;
    }
    let [command, ...commandArgs] = input.command;
    if (command === undefined) {
      command = io.env.SHELL || "/bin/sh";
      if (io.stdoutIsTTY && io.env.AWS_VAULT_DISABLE_HELP_MESSAGE !== "1") {
        io.stderr(`Starting subshell ${command}, use \`exit\` to exit the subshell\n`);
      }
    }
    return io.runChild(command, commandArgs, vault.commandEnv(profile, credentials, plan.region));
  },
};
