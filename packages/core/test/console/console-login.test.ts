import { describe, expect, it } from "vitest";
import {
  consoleEndpoints,
  consoleLoginUrl,
  consolePlan,
  federatedUserName,
  federationDurationSeconds,
  parseAwsConfig,
  planCredentials,
  signinTokenUrl,
} from "../../src/index.js";

const plan = (config: string, profile: string) =>
  planCredentials(parseAwsConfig(config, "/c"), profile, { env: {}, storedProfiles: new Set(["jon"]) });

describe("console login", () => {
  it("drops the target's own GetSessionToken, and keeps one a role chain needs", () => {
    const user = plan("[profile jon]\nmfa_serial = arn:aws:iam::1:mfa/jon\n", "jon");
    expect(user.hops.map((hop) => hop.kind)).toEqual(["stored", "GetSessionToken"]);
    expect(consolePlan(user).hops.map((hop) => hop.kind)).toEqual(["stored"]);
    const role = plan(
      "[profile jon]\nmfa_serial = arn:aws:iam::1:mfa/jon\n[profile r]\nsource_profile = jon\nrole_arn = arn:aws:iam::1:role/r\nmfa_serial = arn:aws:iam::1:mfa/jon\n",
      "r",
    );
    expect(consolePlan(role).hops.map((hop) => hop.kind)).toEqual([
      "stored",
      "GetSessionToken",
      "AssumeRole",
    ]);
    expect(consolePlan(role)).toBe(role);
    // A plan with no step at all (an SSO profile) is used as it is.
    const sso = plan(
      "[profile s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = r\n",
      "s",
    );
    expect(consolePlan(sso)).toBe(sso);
  });

  it("names the federated user after the IAM user, within STS's 32 characters", () => {
    expect(federatedUserName("arn:aws:iam::123456789012:user/alice")).toBe("alice");
    expect(federatedUserName("arn:aws:iam::123456789012:user/division/team/bob")).toBe("bob");
    expect(federatedUserName("arn:aws:iam::123456789012:root")).toBe("root");
    expect(federatedUserName(`arn:aws:iam::123456789012:user/${"x".repeat(40)}`)).toBe("x".repeat(32));
    expect(federatedUserName("arn:aws:iam::123456789012:user/é")).toBe("vault-cli");
    expect(federatedUserName("arn:aws:iam::123456789012:user/ab")).toBe("ab");
    expect(federatedUserName("arn:aws:iam::123456789012:user/a")).toBe("vault-cli");
    expect(federatedUserName("not-an-arn")).toBe("vault-cli");
  });

  it("accepts exactly 15m and 36h, refuses a second less or more, with a setting error naming the source", () => {
    expect(federationDurationSeconds({}, 900)).toBe(900);
    expect(federationDurationSeconds({}, 129_600)).toBe(129_600);
    for (const seconds of [899, 129_601]) {
      try {
        federationDurationSeconds({}, seconds);
        expect.unreachable();
      } catch (error) {
        expect(error).toMatchObject({ code: "CONFIG_INVALID_SETTING", data: { origin: "--duration" } });
      }
    }
  });

  it("takes --duration, else AWS_FEDERATION_TOKEN_TTL, else 1h, within 15m to 36h", () => {
    expect(federationDurationSeconds({}, undefined)).toBe(3600);
    expect(federationDurationSeconds({ AWS_FEDERATION_TOKEN_TTL: "12h" }, undefined)).toBe(43_200);
    expect(federationDurationSeconds({ AWS_FEDERATION_TOKEN_TTL: "12h" }, 1800)).toBe(1800);
    expect(() => federationDurationSeconds({}, 600)).toThrow(
      "--duration '600' is not a console session length",
    );
    expect(() => federationDurationSeconds({ AWS_FEDERATION_TOKEN_TTL: "37h" }, undefined)).toThrow(
      "AWS_FEDERATION_TOKEN_TTL '37h'",
    );
    expect(() => federationDurationSeconds({ AWS_FEDERATION_TOKEN_TTL: "soon" }, undefined)).toThrow(
      "AWS_FEDERATION_TOKEN_TTL 'soon'",
    );
  });

  it("signs in and opens the console in the region's partition", () => {
    expect(consoleEndpoints(undefined, undefined)).toEqual({
      federation: "https://signin.aws.amazon.com/federation",
      destination: "https://console.aws.amazon.com/",
    });
    expect(consoleEndpoints(undefined, "/iam/home")).toEqual({
      federation: "https://signin.aws.amazon.com/federation",
      destination: "https://console.aws.amazon.com/iam/home",
    });
    expect(consoleEndpoints("eu-west-1", undefined).destination).toBe(
      "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
    );
    expect(consoleEndpoints("cn-north-1", "s3/home")).toEqual({
      federation: "https://signin.amazonaws.cn/federation",
      destination: "https://cn-north-1.console.amazonaws.cn/s3/home?region=cn-north-1",
    });
    expect(consoleEndpoints("us-gov-west-1", undefined)).toEqual({
      federation: "https://signin.amazonaws-us-gov.com/federation",
      destination: "https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1",
    });
    expect(consoleEndpoints("eu-west-1", "//s3/home").destination).toBe(
      "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
    );
    expect(consoleEndpoints("eu-west-1", undefined, "http://127.0.0.1:9/federation").federation).toBe(
      "http://127.0.0.1:9/federation",
    );
  });

  it("builds the getSigninToken and login URLs with every value escaped", () => {
    const url = signinTokenUrl("https://f/federation", {
      accessKeyId: "ASIA1",
      secretAccessKey: "a+b/c",
      sessionToken: "t=",
    });
    const query = new URL(url).searchParams;
    expect(query.get("Action")).toBe("getSigninToken");
    expect(JSON.parse(query.get("Session")!)).toEqual({
      sessionId: "ASIA1",
      sessionKey: "a+b/c",
      sessionToken: "t=",
    });
    const keysOnly = signinTokenUrl("https://f/federation", { accessKeyId: "AKIA1", secretAccessKey: "s" });
    expect(JSON.parse(new URL(keysOnly).searchParams.get("Session")!).sessionToken).toBe("");
    const login = consoleLoginUrl(
      { federation: "https://f/federation", destination: "https://c/x?region=r&y=1" },
      "t+k/=",
    );
    expect(login).toBe(
      "https://f/federation?Action=login&Issuer=vault-cli&Destination=https%3A%2F%2Fc%2Fx%3Fregion%3Dr%26y%3D1&SigninToken=t%2Bk%2F%3D",
    );
  });
});
