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
import { EXPORT_FORMATS, type ExportFormat, formatCredentials } from "../exec/format-credentials.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { usageError } from "../usage-error.js";

export const exportCommand: Command = {
  name: "export",
  summary: "Print temporary credentials for a profile (env, export-env, ini or credential_process JSON)",
  usage: `Usage: vault-cli export [flags] <profile>

Print credentials for <profile>, from the session cache when it holds a valid item, else from STS.
As an AWS CLI / SDK credential_process: credential_process = vault-cli export --format=json <profile>

Flags:
  --format F          env (default), export-env, ini or json (credential_process Version 1)
  -d, --duration D    session duration, e.g. 1h, 90m, 3600s
  -n, --no-session    skip GetSessionToken: long-term keys for a user, AssumeRole straight from them for a role
  --region R          region override
  -t, --mfa-token T   the MFA code, instead of asking for one
  --prompt DRIVER     how to ask for an MFA code: terminal, zenity, kdialog, osascript, ykman ($AWS_VAULT_PROMPT)
`,
  flags: ["--format", "--duration", "--no-session", "--region", "--mfa-token", "--prompt"],
  valueFlags: ["--format", ...CREDENTIAL_VALUE_FLAGS],
  takesProfile: true,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs("export", args, {
      ...CREDENTIAL_FLAGS,
      format: { type: "string" },
    });
    if (positionals.length > 1) throw usageError("export", `unexpected argument '${positionals[1]}'`);
    const format = (typeof values.format === "string" ? values.format : "env") as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) {
      throw usageError("export", `--format must be one of ${EXPORT_FORMATS.join(", ")}, got '${format}'`);
    }
    refuseNesting(io, "export");
    const profile = profileArgument("export", io, positionals[0]);
    const minTtl = minTtlFromEnv(io);
    const request = {
      ...credentialRequest("export", profile, values),
      minTtlSeconds: format === "json" ? Math.max(minTtl, CREDENTIAL_PROCESS_MIN_TTL_SECONDS) : minTtl,
    };
    const { credentials, plan } = await obtainCredentials(io, globals, request);
    io.stdout(formatCredentials(format, profile, credentials, plan.region));
    return 0;
  },
};
