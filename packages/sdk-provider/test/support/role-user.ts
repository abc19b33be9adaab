import { type VaultHome, vaultHome } from "@vault-cli/test-support";

/** jon's long-term keys, stored in the keystore of every roleUser. */
export const JON_KEYS = { accessKeyId: "AKIAJONFROMVAULT0001", secretAccessKey: "jon-secret" };

/** jon (MFA, with or without mfa_process) and the role `admin` assumed from jon's MFA session. */
export function roleConfig({ mfaProcess }: { mfaProcess: boolean }): string {
  return `
[profile jon]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/jon
${mfaProcess ? "mfa_process = $MFA" : ""}

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/admin
mfa_serial = arn:aws:iam::123456789012:mfa/jon
region = us-east-1
`;
}

/** A throwaway user (test-support's vaultHome) holding jon's keys, for fromVault against moto. */
export async function roleUser(motoUrl: string, config: string): Promise<VaultHome> {
  const user = vaultHome(motoUrl, config, {
    passphrase: "fromvault passphrase",
    env: { AWS_REGION: "us-east-1" },
  });
  await user.storeKeys("jon", JON_KEYS);
  return user;
}
