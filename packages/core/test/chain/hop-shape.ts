import type { Hop } from "../../src/chain/types.js";

/** The parts of a hop the decision table is about; undefined fields drop out of toEqual comparisons. */
export function hopShape(hop: Hop) {
  const cache = "cache" in hop ? hop.cache : undefined;
  return {
    kind: hop.kind,
    profile: hop.profile,
    roleArn: "roleArn" in hop ? hop.roleArn : undefined,
    mfa: "mfa" in hop ? hop.mfa : NO_MFA,
    durationSeconds: "durationSeconds" in hop ? hop.durationSeconds : undefined,
    cappedFromSeconds: hop.kind === "AssumeRole" ? hop.cappedFromSeconds : undefined,
    cache: cache && {
      type: cache.type,
      profile: cache.profile,
      serial: cache.serial,
      sharedWithAwsVault: cache.sharedWithAwsVault,
    },
  };
}

export const M = "arn:aws:iam::111111111111:mfa/jon";
export const M2 = "arn:aws:iam::111111111111:mfa/other";
export const R_ARN = "arn:aws:iam::222222222222:role/R";
export const R1_ARN = "arn:aws:iam::222222222222:role/R1";
export const R2_ARN = "arn:aws:iam::333333333333:role/R2";

const NO_MFA = { kind: "none" } as const;
export const code = (serial: string) => ({ kind: "code", serial, via: "prompt" }) as const;
export const chained = (serial: string) => ({ kind: "chained", serial }) as const;
