import type { Env } from "@vault-cli/core";

export const PROMPT_DRIVERS = ["terminal", "zenity", "kdialog", "osascript", "ykman"] as const;
export type PromptDriver = (typeof PROMPT_DRIVERS)[number];

const TITLE = "vault-cli";

/** The program and argv each GUI/hardware driver runs to get a code (aws-vault's prompt/*.go commands). */
export function driverArgv(driver: Exclude<PromptDriver, "terminal">, mfaSerial: string, env: Env): string[] {
  const text = `Enter MFA code for ${mfaSerial}`;
  switch (driver) {
    case "zenity":
      return ["zenity", "--entry", "--title", TITLE, "--text", text];
    case "kdialog":
      return ["kdialog", "--inputbox", text, "--title", TITLE];
    case "osascript":
      return [
        "osascript",
        "-e",
        `text returned of (display dialog ${appleString(text)} default answer "" with title "${TITLE}")`,
      ];
    case "ykman":
      return ykmanArgv(mfaSerial, env);
  }
}

/** ykman's OATH code for the account named like the MFA device (YKMAN_OATH_CREDENTIAL_NAME overrides). */
function ykmanArgv(mfaSerial: string, env: Env): string[] {
  const argv = ["ykman"];
  if (env.YKMAN_OATH_DEVICE_SERIAL) argv.push("--device", env.YKMAN_OATH_DEVICE_SERIAL);
  const legacy = ["1", "2", "3"].includes(env.AWS_VAULT_YKMAN_VERSION ?? "");
  argv.push("oath", ...(legacy ? ["code"] : ["accounts", "code"]), "--single");
  argv.push(env.YKMAN_OATH_CREDENTIAL_NAME || mfaSerial);
  return argv;
}

function appleString(text: string): string {
  return `"${text.replace(/["\\]/g, "\\$&")}"`;
}
