import { OIDC_TOKEN_KEY_PREFIX, removeSessionsOf, ssoStartUrlOf } from "@vault-cli/core";
import { onePositional } from "../argv/parse-argv.js";
import type { Command } from "../command.js";

export const clearCommand: Command = {
  name: "clear",
  summary: "Clear temporary credentials from the secure keystore",
  args: "[<profile>]",
  description: `Delete cached sessions: all of them, with the SSO tokens and aws-vault's old-format session items, or
only those of <profile> and the SSO token of its start URL. Long-term keys are never touched, and the
file backend's passphrase is not needed (except with --sso, which reads each token to sign out with it).`,
  flags: [
    {
      name: "sso",
      help: "also sign out of IAM Identity Center with each SSO token cleared (ends its refresh token too)",
    },
  ],
  positional: "profile",
  async run({ positionals, values }, { io, vault }) {
    const profile = onePositional("clear", positionals);
    const keystore = await vault.keystore();
    const stored = await vault.listKeys();
    const signOut = values.sso === true;
    const removeToken = async (key: string) => {
      if (signOut && (await vault.ssoLogout(key)))
        io.stderr(`Signed out of ${key.slice(OIDC_TOKEN_KEY_PREFIX.length)}.\n`);
      return keystore.remove(key);
    };
    let cleared = 0;
    if (profile === undefined) {
      for (const { key } of stored.sessions) if (await keystore.remove(key)) cleared++;
      for (const key of stored.legacySessions) if (await keystore.remove(key)) cleared++;
      for (const key of stored.oidcTokens) if (await removeToken(key)) cleared++;
    } else {
      cleared += await removeSessionsOf(keystore, stored, profile);
      const startUrl = ssoStartUrlOf(vault.readConfig(), profile);
      const token = startUrl === undefined ? undefined : `${OIDC_TOKEN_KEY_PREFIX}${startUrl}`;
      if (token !== undefined && stored.oidcTokens.includes(token) && (await removeToken(token))) cleared++;
    }
    io.stdout(`Cleared ${cleared} sessions.\n`);
    return 0;
  },
};
