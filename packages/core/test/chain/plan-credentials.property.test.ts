import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planCredentials } from "../../src/chain/plan-credentials.js";
import type { CredentialPlan } from "../../src/chain/types.js";
import type { AwsConfig } from "../../src/config/types.js";
import { isVaultError } from "../../src/errors.js";
import { buildConfig } from "../support/config-builder.js";

const NAMES = ["a", "b", "c", "d", "e", "default"] as const;
const TARGETS = [...NAMES, "ghost"];
const SOURCE_KINDS = new Set([
  "stored",
  "SsoRoleCredentials",
  "AssumeRoleWithWebIdentity",
  "CredentialProcess",
]);

const section = fc
  .record(
    {
      source_profile: fc.constantFrom(...TARGETS),
      include_profile: fc.constantFrom(...TARGETS),
      role_arn: fc.constant("arn:aws:iam::1:role/r"),
      mfa_serial: fc.constantFrom("m1", "m2"),
      duration_seconds: fc.constantFrom("900", "7200"),
      credential_process: fc.constant("creds"),
      sso_start_url: fc.constant("https://d-1.awsapps.com/start"),
      // Always with a role, so a web identity never lacks one.
      web_identity_token_file: fc.constant("/token"),
    },
    { requiredKeys: [] },
  )
  .map((s) => (s.web_identity_token_file ? { ...s, role_arn: "arn:aws:iam::1:role/web" } : s))
  // An SSO profile always has the rest of what SSO needs (a missing piece is a config error, tested apart).
  .map((s) =>
    s.sso_start_url
      ? { ...s, sso_region: "eu-west-1", sso_account_id: "111111111111", sso_role_name: "r" }
      : s,
  );

const graph = fc.record({
  sections: fc.dictionary(fc.constantFrom(...NAMES), section, { maxKeys: NAMES.length }),
  stored: fc.subarray(TARGETS),
  noSession: fc.boolean(),
  durationSeconds: fc.option(fc.constantFrom(900, 7200, 43200), { nil: undefined }),
});

/** The model of include_profile / source_profile the plan must agree with, read from the spec. */
function model(config: AwsConfig) {
  const text = (name: string, key: string) => {
    const value = config.profiles.get(name)?.settings.get(key)?.value;
    return typeof value === "string" ? value : undefined;
  };
  const effectiveSource = (name: string): string | undefined => {
    const seen = new Set<string>();
    for (
      let at: string | undefined = name;
      at !== undefined && !seen.has(at);
      at = text(at, "include_profile")
    ) {
      seen.add(at);
      const source = text(at, "source_profile");
      if (source !== undefined) return source === name ? undefined : source;
    }
    return undefined;
  };
  return { text, effectiveSource };
}

function checkCycle(message: string, config: AwsConfig): void {
  const match = /^(include_profile|source_profile) cycle: (.+?) \(closed by /.exec(message);
  expect(match, message).not.toBeNull();
  const names = match![2]!.split(" -> ");
  expect(names.length).toBeGreaterThanOrEqual(2);
  expect(names[0]).toBe(names.at(-1));
  const { text, effectiveSource } = model(config);
  for (let i = 0; i + 1 < names.length; i++) {
    const next =
      match![1] === "include_profile" ? text(names[i]!, "include_profile") : effectiveSource(names[i]!);
    expect(next, `${names[i]} -> ${names[i + 1]} in ${message}`).toBe(names[i + 1]);
  }
}

function checkPlan(plan: CredentialPlan, config: AwsConfig, stored: ReadonlySet<string>): void {
  const { effectiveSource } = model(config);
  const path = [plan.target];
  while (!stored.has(path.at(-1)!) && effectiveSource(path.at(-1)!) !== undefined)
    path.push(effectiveSource(path.at(-1)!)!);
  const [first, ...rest] = plan.hops;
  expect(SOURCE_KINDS.has(first!.kind)).toBe(true);
  expect(first!.profile).toBe(path.at(-1));
  expect(first!.kind === "stored").toBe(stored.has(first!.profile));
  let position = path.length - 1;
  for (const hop of rest) {
    expect(["GetSessionToken", "AssumeRole"]).toContain(hop.kind);
    const index = path.indexOf(hop.profile);
    expect(index, `${hop.profile} reached via source_profile from ${plan.target}`).toBeGreaterThanOrEqual(0);
    expect(index).toBeLessThanOrEqual(position);
    position = index;
    if (hop.kind === "AssumeRole") expect(hop.roleArn).toBeDefined();
    if (hop.kind === "AssumeRole" && hop.cappedFromSeconds !== undefined)
      expect(hop.durationSeconds).toBe(3600);
  }
}

describe("planCredentials on random profile graphs", () => {
  it("terminates with a valid chain or a cycle / not-found / missing-credentials error naming a real cycle", () => {
    fc.assert(
      fc.property(graph, ({ sections, stored, noSession, durationSeconds }) => {
        const spec = Object.fromEntries(
          Object.entries(sections).map(([name, keys]) => [
            name === "default" ? "default" : `profile ${name}`,
            keys,
          ]),
        );
        const config = buildConfig(spec);
        const storedProfiles = new Set(stored);
        for (const target of TARGETS) {
          let plan: CredentialPlan;
          try {
            plan = planCredentials(config, target, { storedProfiles, noSession, durationSeconds });
          } catch (error) {
            if (!isVaultError(error)) throw error;
            expect(["PROFILE_CYCLE", "PROFILE_NOT_FOUND", "CREDENTIALS_MISSING"]).toContain(error.code);
            if (error.code === "PROFILE_CYCLE") checkCycle(error.message, config);
            continue;
          }
          checkPlan(plan, config, storedProfiles);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
