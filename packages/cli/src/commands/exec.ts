import { VaultError } from "@vault-cli/core";
import { stderrTrace } from "@vault-cli/sdk-provider";
import { cliVault } from "../cli-vault.js";
import type { Command, CommandInput } from "../command.js";
import {
  CREDENTIAL_FLAGS,
  credentialRequest,
  profileArgument,
  refuseNesting,
} from "../credentials/credential-flags.js";
import { formatCredentials } from "../exec/format-credentials.js";
import type { CliIo, Prompt } from "../io.js";
import type { ServerKind } from "../server/serve.js";
import { usageError } from "../usage-error.js";

export const execCommand: Command = {
  name: "exec",
  summary: "Run a command (or a shell) with temporary credentials for a profile",
  args: "<profile> [--] [command [args ...]]",
  description: `Run command with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
AWS_REGION/AWS_DEFAULT_REGION and AWS_VAULT set, and AWS_PROFILE and stale credentials unset. Without a
command, starts $SHELL. Signals are passed to the command and its exit status becomes vault-cli's.
Cached credentials are used while they have AWS_MIN_TTL (default 5m) left; with --json, 15 minutes.

With --ecs-server (or --ec2-server) the command gets no keys: it fetches them from a server on 127.0.0.1
that lives as long as the command and fetches credentials again before they expire, re-assuming roles
from the cached MFA session without asking for a new code until that session ends.`,
  flags: [
    ...CREDENTIAL_FLAGS,
    { name: "json", short: "j", help: "print credential_process JSON instead of running a command" },
    { name: "ecs-server", help: "serve credentials on an ECS endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI)" },
    { name: "server", short: "s", help: "the same as --ecs-server (aws-vault's spelling)" },
    { name: "ec2-server", help: "serve credentials as EC2 metadata (AWS_EC2_METADATA_SERVICE_ENDPOINT)" },
    { name: "lazy", help: "with a server: fetch credentials at the first request, not before the command" },
  ],
  positional: "profile",
  passThrough: true,
  async run(input, { io, vault, globals }) {
    refuseNesting(io, "exec");
    const profile = profileArgument("exec", io, input.positionals[0]);
    const json = input.values.json === true;
    const server = serverKind(input);
    const consumer = json ? "credential_process" : server ? "server" : "exec";
    const request = credentialRequest("exec", profile, input, consumer, io.env);
    const [typed, ...commandArgs] = input.command;
    const command = typed ?? (io.env.SHELL || "/bin/sh");
    const announce = () => {
      if (typed === undefined && io.stdoutIsTTY && io.env.AWS_VAULT_DISABLE_HELP_MESSAGE !== "1") {
        io.stderr(`Starting subshell ${command}, use \`exit\` to exit the subshell\n`);
      }
    };
    if (server) {
      const serverIo = terminalUntilChild(io, command);
      const { serveAndRun } = await import("../server/serve.js");
      return serveAndRun(cliVault(serverIo, globals), serverIo, {
        kind: server,
        lazy: input.values.lazy === true,
        credentials: request,
        command,
        args: commandArgs,
        announce,
        ...(globals.debug ? { trace: stderrTrace(io.stderr) } : {}),
      });
    }
    const { credentials, plan } = await vault.credentials(request);
    if (json) {
      io.stdout(formatCredentials("json", profile, credentials, plan.region));
      return 0;
    }
    announce();
    return io.runChild(command, commandArgs, vault.commandEnv(profile, credentials, plan));
  },
};

/** Which server the flags ask for, refusing the combinations aws-vault refuses. */
function serverKind({ values }: CommandInput): ServerKind | undefined {
  const ecs = values["ecs-server"] === true || values.server === true;
  const ec2 = values["ec2-server"] === true;
  if (ecs && ec2) throw usageError("exec", "--ecs-server and --ec2-server cannot be used together");
  const flag = ecs ? "--ecs-server" : "--ec2-server";
  if ((ecs || ec2) && values.json === true) throw usageError("exec", `--json cannot be used with ${flag}`);
  // A server re-assumes roles from the MFA session for hours; without one it would need a code each time.
  if ((ecs || ec2) && values["no-session"] === true) {
    throw usageError("exec", `--no-session cannot be used with ${flag}`);
  }
  if (!ecs && !ec2 && values.lazy === true) {
    throw usageError("exec", "--lazy applies only to --ecs-server and --ec2-server");
  }
  return ecs ? "ecs" : ec2 ? "ec2" : undefined;
}

/**
 * The io of a server: its terminal can be asked (an MFA code, a passphrase) until the command starts; from
 * then on the terminal is the command's, and a question the server would ask fails with NO_TERMINAL (the MFA
 * prompt then falls back to a GUI driver when one is installed).
 */
function terminalUntilChild(io: CliIo, command: string): CliIo {
  let childRunning = false;
  const prompt: Prompt = (question, options) => {
    if (!childRunning) return io.prompt(question, options);
    return Promise.reject(
      new VaultError(
        "NO_TERMINAL",
        `the terminal belongs to '${command}' while it runs, so vault-cli cannot ask there` +
          (options.purpose === "mfa"
            ? " for an MFA code: install zenity or kdialog, choose a driver with --prompt, or set mfa_process"
            : ""),
        { data: { purpose: options.purpose } },
      ),
    );
  };
  return {
    ...io,
    prompt,
    runChild: (child, args, env) => {
      childRunning = true;
      return io.runChild(child, args, env);
    },
  };
}
