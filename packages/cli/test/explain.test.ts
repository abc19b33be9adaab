import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ExplainJson } from "../src/explain/plan-json.js";
import { runCli } from "./support/test-io.js";

const example = readFileSync(new URL("../../../examples/aws-config", import.meta.url), "utf8");

async function explainJson(profile: string, config: string, extra: string[] = [], env = {}) {
  const result = await runCli(["explain", "--json", ...extra, profile], { config, env });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as ExplainJson;
}

describe("vault-cli explain --json", () => {
  it("shows one MFA code for jon's session and a chained, capped role behind a role", async () => {
    const plan = await explainJson("prod-readonly", example);
    expect(plan.schemaVersion).toBe(1);
    expect(plan.hops.map((h) => [h.kind, h.profile, h.mfa])).toEqual([
      ["stored", "jon", "none"],
      ["GetSessionToken", "jon", "code"],
      ["AssumeRole", "prod-admin", "chained"],
      ["AssumeRole", "prod-readonly", "none"],
    ]);
    const [, gst, admin, readonly] = plan.hops;
    expect(gst?.mfaSerial).toBe("arn:aws:iam::111111111111:mfa/jon");
    expect(gst?.durationSeconds).toBe(8 * 3600);
    expect(gst?.cacheKey).toBe(
      "sts.GetSessionToken,am9u,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9u,<expiry>",
    );
    expect(admin).toMatchObject({ durationSeconds: 3600, cappedFromSeconds: 7200 });
    expect(readonly).toMatchObject({
      roleArn: "arn:aws:iam::333333333333:role/readonly",
      durationSeconds: 3600,
    });
    expect(plan.region).toBe("eu-west-1");
  });

  it("a single role asked for more than an hour skips GetSessionToken and keeps its full duration", async () => {
    const plan = await explainJson("prod-admin", example);
    expect(plan.hops.map((h) => h.kind)).toEqual(["stored", "AssumeRole"]);
    expect(plan.hops[1]).toMatchObject({ mfa: "code", durationSeconds: 7200, cappedFromSeconds: null });
    expect(plan.region).toBe("us-east-1");
    expect(plan.warnings.map((w) => w.code)).toContain("inline-comment");
  });

  it("honours --duration, --no-session and --region like exec would", async () => {
    const plan = await explainJson("dev", example, ["--duration", "2h", "--region", "ap-south-1"]);
    expect(plan.region).toBe("ap-south-1");
    expect(plan.hops.at(-1)).toMatchObject({ kind: "AssumeRole", durationSeconds: 7200 });
    const noSession = await explainJson("jon", example, ["--no-session"]);
    expect(noSession.hops.map((h) => h.kind)).toEqual(["stored"]);
  });

  it("explains SSO and credential_process profiles", async () => {
    const sso = await explainJson("sandbox", example);
    expect(sso.hops).toHaveLength(1);
    expect(sso.hops[0]).toMatchObject({
      kind: "SsoRoleCredentials",
      cacheType: "sso.GetRoleCredentials",
      ssoStartUrl: "https://example.awsapps.com/start#/",
      ssoRegion: "eu-central-1",
      ssoAccountId: "444444444444",
      ssoRoleName: "PowerUser",
      ssoSession: "corp",
      ssoRegistrationScopes: ["sso:account:access"],
      ssoTokenKey: "oidc:https://example.awsapps.com/start#/",
    });
    const ci = await explainJson("ci", example);
    expect(ci.hops[0]).toMatchObject({ kind: "CredentialProcess", cacheType: "credential_process" });
  });
});

describe("vault-cli explain (text)", () => {
  it("shows an SSO hop's start URL, region, session, account, role and token item", async () => {
    const { code, stdout } = await runCli(["explain", "sandbox"], { config: example });
    expect(code).toBe(0);
    expect(stdout).toContain("1. SSO role PowerUser in account 444444444444 for 'sandbox'");
    expect(stdout).toContain(
      "start URL: https://example.awsapps.com/start#/ (eu-central-1), [sso-session corp]",
    );
    expect(stdout).toContain(
      "token: oidc:https://example.awsapps.com/start#/ in the keystore (scopes: sso:account:access)",
    );
  });

  it("prints numbered hops with durations, MFA and cache items", async () => {
    const { code, stdout } = await runCli(["explain", "prod-readonly"], { config: example });
    expect(code).toBe(0);
    expect(stdout).toContain("Profile 'prod-readonly'");
    expect(stdout).toMatch(/1\. long-term keys of 'jon'/);
    expect(stdout).toMatch(
      /2\. GetSessionToken with the keys of 'jon'\n\s+duration: 8h \(aws-vault's default\)\n\s+MFA: arn:aws:iam::111111111111:mfa\/jon, code from a prompt/,
    );
    expect(stdout).toMatch(/duration: 1h \(capped from 2h; duration_seconds at \S+config:\d+\)/);
  });

  it("names the file, line and profile of a typo'd source_profile, with a suggestion", async () => {
    const config =
      "[profile jon]\nregion = x\n\n[profile dev]\nsource_profile = jno\nrole_arn = arn:aws:iam::1:role/d\n";
    const { code, stderr, configFile } = await runCli(["explain", "dev"], { config });
    expect(code).toBe(1);
    expect(stderr).toContain(`${configFile}:5`);
    expect(stderr).toContain("'jno'");
    expect(stderr).toContain("did you mean 'jon'?");
    expect(stderr).toContain("source_profile of profile 'dev'");
  });

  it("names a source_profile cycle instead of hanging", async () => {
    const config =
      "[profile a]\nsource_profile = b\nrole_arn = arn:aws:iam::1:role/a\n[profile b]\nsource_profile = a\nrole_arn = arn:aws:iam::1:role/b\n";
    const { code, stderr, configFile } = await runCli(["explain", "a"], { config });
    expect(code).toBe(1);
    expect(stderr).toMatch(/a -> b -> a/);
    expect(stderr).toContain(configFile);
  });

  it("suggests the closest profile for an unknown one", async () => {
    const { code, stderr } = await runCli(["explain", "prod-amdin"], { config: example });
    expect(code).toBe(1);
    expect(stderr).toContain("'prod-amdin'");
    expect(stderr).toContain("did you mean 'prod-admin'?");
  });

  it("reads a config with a BOM and CRLF line ends, and warns that the AWS CLI cannot", async () => {
    const config = Buffer.from("\ufeff[profile jon]\r\nregion = eu-west-2\r\n", "utf8");
    const { code, stdout, configFile } = await runCli(["explain", "jon"], { config });
    expect(code).toBe(0);
    expect(stdout).toContain("region: eu-west-2");
    expect(stdout).toContain(`${configFile}:1: `);
    expect(stdout).toMatch(/byte order mark.*AWS CLI/);
  });

  it("uses $AWS_PROFILE when no profile is given", async () => {
    const { code, stdout } = await runCli(["explain"], { config: example, env: { AWS_PROFILE: "jon" } });
    expect(code).toBe(0);
    expect(stdout).toContain("Profile 'jon'");
  });

  it("rejects a bad --duration", async () => {
    const { code, stderr } = await runCli(["explain", "-d", "forever", "jon"], { config: example });
    expect(code).toBe(2);
    expect(stderr).toContain("invalid --duration 'forever'");
  });
});

describe("explain warnings", () => {
  it("shows warnings of [default] and of included profiles that feed the target, not of others", async () => {
    const config = [
      "[default]",
      "region = us-east-1 # virginia",
      "[profile base]",
      "credential_process = /usr/bin/creds ; the tool",
      "[profile x]",
      "include_profile = base",
      "[profile other]",
      "region = eu-west-1 # not ours",
    ].join("\n");
    const { stdout } = await runCli(["explain", "x"], { config });
    expect(stdout).toContain(":2: ");
    expect(stdout).toContain(":4: [profile base]");
    expect(stdout).not.toContain("not ours");
  });
});
