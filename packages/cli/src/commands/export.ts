import { onePositional } from "../argv/parse-argv.js";
import type { Command } from "../command.js";
import {
  CREDENTIAL_FLAGS,
  credentialRequest,
  profileArgument,
  refuseNesting,
} from "../credentials/credential-flags.js";
import { EXPORT_FORMATS, type ExportFormat, formatCredentials } from "../exec/format-credentials.js";
import { usageError } from "../usage-error.js";

export const exportCommand: Command = {
  name: "export",
  summary: "Print temporary credentials for a profile (env, export-env, ini or credential_process JSON)",
  args: "<profile>",
  description: `Print credentials for <profile>, from the session cache when it holds a valid item, else from STS.
As an AWS CLI / SDK credential_process: credential_process = vault-cli export --format=json <profile>
(then credentials always have at least 15 minutes left, since botocore runs the process again below that).`,
  flags: [
    {
      name: "format",
      value: "F",
      choices: EXPORT_FORMATS,
      help: "env (default), export-env, ini or json (credential_process Version 1)",
    },
    ...CREDENTIAL_FLAGS,
  ],
  positional: "profile",
  async run(input, { io, vault }) {
    const positional = onePositional("export", input.positionals);
    const format = (typeof input.values.format === "string" ? input.values.format : "env") as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) {
      throw usageError("export", `--format must be one of ${EXPORT_FORMATS.join(", ")}, got '${format}'`);
    }
    refuseNesting(io, "export");
    const profile = profileArgument("export", io, positional);
    const consumer = format === "json" ? "credential_process" : "exec";
    const { credentials, plan } = await vault.credentials(
      credentialRequest("export", profile, input, consumer, io.env),
    );
    io.stdout(formatCredentials(format, profile, credentials, plan.region));
    return 0;
  },
};
