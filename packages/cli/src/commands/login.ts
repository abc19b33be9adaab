import { onePositional } from "../argv/parse-argv.js";
import type { Command } from "../command.js";
import { CREDENTIAL_FLAGS, credentialRequest, profileArgument } from "../credentials/credential-flags.js";
import { isTrue } from "../global-flags.js";
import { openConsole } from "../login/open-console.js";

export const loginCommand: Command = {
  name: "login",
  summary: "Open the AWS console as a profile (or print its sign-in URL)",
  args: "[<profile>]",
  description: `Sign in to the AWS console with temporary credentials for <profile> (default $AWS_PROFILE).
A role, SSO or web identity profile signs in with its role; an IAM user's long-term keys become a federated
user named after the IAM user (GetFederationToken, no MFA; --duration or AWS_FEDERATION_TOKEN_TTL, default
1h). The console opens in the profile's region (cn-* and us-gov-* in their partitions). The URL signs in
anyone who has it for 15 minutes: it is never put on a command line; --stdout prints it.`,
  flags: [
    ...CREDENTIAL_FLAGS,
    { name: "path", value: "P", help: "the console page to open, e.g. s3/home" },
    { name: "stdout", short: "s", help: "print the URL instead of opening a browser (AWS_VAULT_STDOUT)" },
  ],
  positional: "profile",
  async run(input, { io, vault }) {
    const profile = profileArgument("login", io, onePositional("login", input.positionals));
    const request = credentialRequest("login", profile, input, "exec", io.env);
    const path = typeof input.values.path === "string" ? input.values.path : undefined;
    const url = await vault.consoleUrl({ ...request, ...(path ? { path } : {}) });
    if (input.values.stdout === true || isTrue(io.env.AWS_VAULT_STDOUT)) {
      io.stdout(`${url}\n`);
      return 0;
    }
    await openConsole(io, url);
    io.stderr(`Opened the AWS console as '${profile}' in your browser\n`);
    return 0;
  },
};
