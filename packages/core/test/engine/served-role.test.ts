import { describe, expect, it } from "vitest";
import { parseAwsConfig, planCredentials, servedRoleInput } from "../../src/index.js";
import { fakeClock } from "../../src/testing/index.js";

const CONFIG = `[profile jon]
region = eu-west-1
endpoint_url = https://sts.vpce.example
sts_regional_endpoints = regional
[profile admin]
source_profile = jon
role_arn = arn:aws:iam::111111111111:role/admin
duration_seconds = 7200
region = eu-central-1
`;
const plan = (profile: string, durationSeconds?: number) =>
  planCredentials(parseAwsConfig(CONFIG, "/c"), profile, {
    env: {},
    storedProfiles: new Set(["jon"]),
    ...(durationSeconds ? { durationSeconds } : {}),
  });
const credentials = { accessKeyId: "ASIASERVED", secretAccessKey: "s", sessionToken: "t" };

describe("servedRoleInput (the ECS server's /role-arn/ route)", () => {
  it("assumes the role with the served credentials, for the served role's duration, no MFA or external id", () => {
    const clock = fakeClock("2026-03-01T00:00:00Z");
    expect(servedRoleInput(plan("admin"), "arn:aws:iam::2:role/other", credentials, clock)).toEqual({
      profile: "admin",
      region: "eu-central-1",
      endpointUrl: undefined,
      stsRegionalEndpoints: undefined,
      credentials,
      roleArn: "arn:aws:iam::2:role/other",
      roleSessionName: `${Date.parse("2026-03-01T00:00:00Z")}000000`,
      durationSeconds: 7200,
    });
  });

  it("a role reached through an MFA session: the role's own duration, not the session's", () => {
    const config = `[profile jon]
region = eu-west-1
mfa_serial = arn:aws:iam::111111111111:mfa/jon
[profile admin]
source_profile = jon
role_arn = arn:aws:iam::111111111111:role/admin
mfa_serial = arn:aws:iam::111111111111:mfa/jon
duration_seconds = 1800
`;
    const chained = planCredentials(parseAwsConfig(config, "/c"), "admin", {
      env: {},
      storedProfiles: new Set(["jon"]),
    });
    expect(chained.hops.map((hop) => hop.kind)).toEqual(["stored", "GetSessionToken", "AssumeRole"]);
    expect(
      servedRoleInput(chained, "arn:aws:iam::2:role/other", credentials, fakeClock()).durationSeconds,
    ).toBe(1800);
  });

  it("a user whose session lasts 2 hours: the served role still gets 1 hour", () => {
    const user = plan("jon", 7200);
    expect(user.hops.at(-1)).toMatchObject({ kind: "GetSessionToken", durationSeconds: 7200 });
    expect(servedRoleInput(user, "arn:aws:iam::2:role/other", credentials, fakeClock()).durationSeconds).toBe(
      3600,
    );
  });

  it("a user profile: 1 hour, through the profile's own STS endpoint and region", () => {
    const input = servedRoleInput(plan("jon"), "arn:aws:iam::2:role/other", credentials, fakeClock());
    expect(input).toMatchObject({
      profile: "jon",
      region: "eu-west-1",
      endpointUrl: "https://sts.vpce.example",
      stsRegionalEndpoints: "regional",
      durationSeconds: 3600,
    });
  });
});
