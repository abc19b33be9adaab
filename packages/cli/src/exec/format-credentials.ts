import { type AwsCredentials, credentialVariables, formatRfc3339 } from "@vault-cli/core";

export const EXPORT_FORMATS = ["env", "export-env", "ini", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * `export --format`: env and export-env lines, an ini section named after the profile, or the
 * credential_process document (Version 1; SessionToken and Expiration only when the keys expire).
 */
export function formatCredentials(
  format: ExportFormat,
  profile: string,
  credentials: AwsCredentials,
  region: string | undefined,
): string {
  if (format === "json") return credentialProcessJson(credentials);
  const vars = credentialVariables(credentials, region);
  if (format === "ini") {
    const ini = vars
      .filter(([name]) => name !== "AWS_DEFAULT_REGION")
      .map(([name, value]) => `${iniKey(name)}=${value}`);
    return `[${profile}]\n${ini.join("\n")}\n`;
  }
  const prefix = format === "export-env" ? "export " : "";
  return vars.map(([name, value]) => `${prefix}${name}=${value}\n`).join("");
}

function iniKey(variable: string): string {
  return variable === "AWS_REGION" ? "region" : variable.toLowerCase();
}

function credentialProcessJson(credentials: AwsCredentials): string {
  const doc: Record<string, string | number> = {
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
  };
  if (credentials.sessionToken) doc.SessionToken = credentials.sessionToken;
  if (credentials.expiration) doc.Expiration = formatRfc3339(credentials.expiration);
  return `${JSON.stringify(doc, null, 2)}\n`;
}
