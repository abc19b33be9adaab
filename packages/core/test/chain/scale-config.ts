import type { ConfigSpec } from "../support/config-builder.js";

interface ScaleProfile {
  readonly name: string;
  /** Roles between the stored user and this profile, itself included (0 for a user). */
  readonly depth: number;
  readonly user: string;
  readonly mfa: boolean;
}

/**
 * `count` profiles: `users` users with stored keys (every other one with MFA), the rest roles stacked in
 * chains of depth 1 to 10 above them; a chain's roles share their user's mfa_serial.
 */
export function scaleConfig(count = 5000, users = 450) {
  const spec: Record<string, Record<string, string>> = { default: { region: "eu-west-1" } };
  const profiles: ScaleProfile[] = [];
  for (let u = 0; u < users; u++) {
    const mfa = u % 2 === 0;
    spec[`profile user${u}`] = mfa ? { mfa_serial: `arn:aws:iam::1:mfa/user${u}` } : {};
    profiles.push({ name: `user${u}`, depth: 0, user: `user${u}`, mfa });
  }
  for (let r = 0; profiles.length < count; r++) {
    const user = profiles[r % users]!;
    const depth = (Math.floor(r / users) % 10) + 1;
    const source = depth === 1 ? user.name : `role${r - users}`;
    spec[`profile role${r}`] = {
      source_profile: source,
      role_arn: `arn:aws:iam::2:role/role${r}`,
      ...(user.mfa ? { mfa_serial: `arn:aws:iam::1:mfa/${user.name}` } : {}),
    };
    profiles.push({ name: `role${r}`, depth, user: user.name, mfa: user.mfa });
  }
  const stored = new Set(profiles.filter((profile) => profile.depth === 0).map((profile) => profile.name));
  return { spec: spec as ConfigSpec, profiles, stored };
}
