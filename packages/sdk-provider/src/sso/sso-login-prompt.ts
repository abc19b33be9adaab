import type { SsoLoginPrompt, SsoSignIn } from "@vault-cli/core";

/** The lines that ask the user to sign in: the page with the code filled in, and the code to check. */
export function describeSignIn(signIn: SsoSignIn, now: Date = new Date()): string {
  const minutes = Math.max(0, Math.round((signIn.expiresAt.getTime() - now.getTime()) / 60_000));
  const check =
    signIn.userCode === undefined
      ? `and sign in there (within ${minutes} min); the browser then comes back to vault-cli.\n`
      : `and check that it shows the code ${signIn.userCode} (it expires in ${minutes} min).\n`;
  return `To sign in to ${signIn.startUrl} for profile '${signIn.profile}', open\n  ${signIn.verificationUriComplete}\n${check}`;
}

/** fromVault's default: the sign-in on stderr (never stdout: a credential_process reads stdout). */
export const stderrSsoLogin: SsoLoginPrompt = (signIn) => {
  process.stderr.write(describeSignIn(signIn));
  return undefined;
};
