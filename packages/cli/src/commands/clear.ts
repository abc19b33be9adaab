import { OIDC_TOKEN_KEY_PREFIX } from "@vault-cli/core";
import type { Command } from "../command.js";
import { openCliKeystore } from "../keystore/open-cli-keystore.js";
import { readStoredKeys, removeSessionsOf } from "../keystore/stored-keys.js";
import { loadConfig } from "../load-config.js";
import { onePositional, parseCommandArgs } from "../parse-command-args.js";
import { ssoStartUrlOf } from "../sso-start-url.js";

export const clearCommand: Command = {
  name: "clear",
  summary: "Clear temporary credentials from the secure keystore",
  usage: `Usage: vault-cli clear [<profile>]

Delete cached sessions: all of them, with the SSO tokens and aws-vault's old-format session items, or
only those of <profile> and the SSO token of its start URL. Long-term keys are never touched, and the
file backend's passphrase is not needed.
`,
  flags: [],
  takesProfile: true,
  async run(args, io, globals) {
    const { positionals } = parseCommandArgs("clear", args, {});
    const profile = onePositional("clear", positionals);
    const keystore = await openCliKeystore(io, globals);
    const stored = await readStoredKeys(keystore);
    let cleared = 0;
    if (profile === undefined) {
      for (const { key } of stored.sessions) if (await keystore.remove(key)) cleared++;
      for (const key of [...stored.legacySessions, ...stored.oidcTokens]) {
        if (await keystore.remove(key)) cleared++;
      }
    } else {
      cleared += await removeSessionsOf(keystore, stored, profile);
      const startUrl = ssoStartUrlOf(loadConfig(io), profile);
      const token = startUrl === undefined ? undefined : `${OIDC_TOKEN_KEY_PREFIX}${startUrl}`;
      if (token !== undefined && stored.oidcTokens.includes(token) && (await keystore.remove(token)))
        cleared++;
    }
    io.stdout(`Cleared ${cleared} sessions.\n`);
    return 0;
  },
};
