import { planCredentials } from "../../src/chain/plan-credentials.js";
import type { ResolveOptions } from "../../src/chain/types.js";
import { buildConfig, type ConfigSpec } from "../support/config-builder.js";
import { type chained, type code, hopShape, M, NO_MFA, R_ARN, R1_ARN, R2_ARN } from "./hop-shape.js";

// Builders for the rows of aws-vault.md §4.4, asserted against the ByteNess v7.13.5 column.
export function plan(spec: ConfigSpec, target: string, options: ResolveOptions = {}, stored = ["U"]) {
  return planCredentials(buildConfig(spec), target, { storedProfiles: new Set(stored), ...options });
}
export const shapes = (...args: Parameters<typeof plan>) => plan(...args).hops.map(hopShape);

export const stored = (profile: string) => ({ kind: "stored", profile, mfa: NO_MFA });
export const gst = (profile: string, serial: string, durationSeconds: number) => ({
  kind: "GetSessionToken",
  profile,
  mfa: serial ? { kind: "code", serial, via: "prompt" } : NO_MFA,
  durationSeconds,
  cache: { type: "sts.GetSessionToken", profile, serial, sharedWithAwsVault: true },
});
type RoleMfa = ReturnType<typeof code> | ReturnType<typeof chained> | typeof NO_MFA;
export const role = (profile: string, roleArn: string, mfa: RoleMfa) => ({
  kind: "AssumeRole",
  profile,
  roleArn,
  mfa,
  durationSeconds: 3600,
  cache: {
    type: "sts.AssumeRole",
    profile,
    serial: mfa.kind === "none" ? "" : mfa.serial,
    sharedWithAwsVault: mfa.kind === "code",
  },
});

export const userAndRole = (userMfa?: string, roleMfa?: string): ConfigSpec => ({
  "profile U": userMfa ? { mfa_serial: userMfa } : {},
  "profile R": { role_arn: R_ARN, source_profile: "U", ...(roleMfa ? { mfa_serial: roleMfa } : {}) },
});
export const twoRoles: ConfigSpec = {
  "profile U": { mfa_serial: M },
  "profile R1": { role_arn: R1_ARN, source_profile: "U", mfa_serial: M },
  "profile R2": { role_arn: R2_ARN, source_profile: "R1", mfa_serial: M },
};
