import {
  credentialsLabel,
  encodeMasterCredentials,
  encodeSessionCredentials,
  formatSessionKey,
  type Keystore,
  SESSION_DESCRIPTION,
  type SessionType,
  sessionLabel,
} from "@vault-cli/core";

export const ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
export const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/** Stores long-term keys as `add` (and aws-vault) would. */
export async function seedCredentials(keystore: Keystore, profile: string): Promise<void> {
  await keystore.set(
    profile,
    encodeMasterCredentials({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET }),
    {
      label: credentialsLabel(profile),
    },
  );
}

/** Stores a cached session as aws-vault would; returns its key. */
export async function seedSession(
  keystore: Keystore,
  profile: string,
  expiration: Date,
  type: SessionType = "sts.GetSessionToken",
  serial = "",
): Promise<string> {
  const key = formatSessionKey({ type, profile, serial, expiration });
  const data = encodeSessionCredentials({
    accessKeyId: "ASIAEXAMPLESESSION01",
    secretAccessKey: "session-secret",
    sessionToken: "token",
    expiration,
  });
  await keystore.set(key, data, {
    label: sessionLabel(profile, expiration),
    description: SESSION_DESCRIPTION,
  });
  return key;
}
