import { join } from "node:path";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/test-io.js";

/** `explain` against a config, with an empty file keystore; the temp config path shows as <config>. */
async function explain(config: string, args: string[], env: Record<string, string> = {}) {
  const keys = tempDir("keys");
  const r = await runCli(["explain", ...args], {
    config,
    env: {
      AWS_VAULT_BACKEND: "file",
      AWS_VAULT_FILE_DIR: keys,
      AWS_SHARED_CREDENTIALS_FILE: join(keys, "credentials"),
      ...env,
    },
  });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout.replaceAll(r.configFile, "<config>");
}

const chained = `[profile base]
region = eu-west-1
mfa_serial = arn:aws:iam::1:mfa/jon

[profile admin]
source_profile = base
role_arn = arn:aws:iam::1:role/admin
mfa_serial = arn:aws:iam::1:mfa/jon
external_id = ext-1
role_session_name = me
source_identity = src-id
session_tags = team=ops, env=prod
transitive_session_tags = team, env
duration_seconds = 900
`;

describe("explain text", () => {
  it("shows every input of a role chained on an MFA session", async () => {
    expect(await explain(chained, ["admin"])).toMatchInlineSnapshot(`
      "Profile 'admin' (<config>)
        region: (none)

        1. long-term keys of 'base' from the keystore
             keys: none stored in the file keystore (vault-cli add base)
        2. GetSessionToken with the keys of 'base'
             duration: 8h (aws-vault's default)
             MFA: arn:aws:iam::1:mfa/jon, code from a prompt
             endpoint: https://sts.eu-west-1.amazonaws.com (eu-west-1)
             cache: sts.GetSessionToken,YmFzZQ,YXJuOmF3czppYW06OjE6bWZhL2pvbg,<expiry>
        3. AssumeRole arn:aws:iam::1:role/admin for 'admin'
             duration: 15m (duration_seconds at <config>:14)
             MFA: arn:aws:iam::1:mfa/jon, reused from the session above
             session name: me
             external id: ext-1
             session tags: team=ops, env=prod
             transitive tag keys: team, env
             source identity: src-id
             endpoint: none (profile 'admin' has no region to call STS in)
             cache: sts.AssumeRole,YWRtaW4,YXJuOmF3czppYW06OjE6bWZhL2pvbg,<expiry> (vault-cli only: aws-vault does not cache this)
      "
    `);
  });

  it("shows a web identity role with its token file, and why there is no endpoint without a region", async () => {
    const config = `[profile web]
role_arn = arn:aws:iam::1:role/web
web_identity_token_file = /tokens/web
`;
    expect(await explain(config, ["web"])).toMatchInlineSnapshot(`
      "Profile 'web' (<config>)
        region: (none)

        1. AssumeRoleWithWebIdentity arn:aws:iam::1:role/web for 'web'
             duration: 1h (aws-vault's default)
             session name: the time of the call (aws-vault's default)
             token file: /tokens/web
             endpoint: none (profile 'web' has no region to call STS in)
             cache: sts.AssumeRoleWithWebIdentity,d2Vi,,<expiry>
      "
    `);
  });

  it("shows credential_process with its command and no region", async () => {
    const config = `[profile proc]
credential_process = /bin/get-creds --profile proc
`;
    expect(await explain(config, ["proc"])).toMatchInlineSnapshot(`
      "Profile 'proc' (<config>)
        region: (none)

        1. credential_process of 'proc'
             command: /bin/get-creds --profile proc
             cache: credential_process,cHJvYw,,<expiry>
      "
    `);
  });

  it("shows a legacy SSO profile without registration scopes, and an sso-session one with them", async () => {
    const config = `[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Reader

[profile modern]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = Admin

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access, codewhisperer:completions
`;
    expect(await explain(config, ["legacy"])).toMatchInlineSnapshot(`
      "Profile 'legacy' (<config>)
        region: (none)

        1. SSO role Reader in account 111111111111 for 'legacy'
             start URL: https://legacy.awsapps.com/start (us-east-1)
             token: oidc:https://legacy.awsapps.com/start in the keystore (scopes: sso:account:access)
             cache: sso.GetRoleCredentials,bGVnYWN5,aHR0cHM6Ly9sZWdhY3kuYXdzYXBwcy5jb20vc3RhcnQ,<expiry>
      "
    `);
    expect(await explain(config, ["modern"])).toMatchInlineSnapshot(`
      "Profile 'modern' (<config>)
        region: (none)

        1. SSO role Admin in account 222222222222 for 'modern'
             start URL: https://corp.awsapps.com/start (eu-west-1), [sso-session corp]
             token: oidc:https://corp.awsapps.com/start in the keystore (scopes: sso:account:access codewhisperer:completions)
             cache: sso.GetRoleCredentials,bW9kZXJu,aHR0cHM6Ly9jb3JwLmF3c2FwcHMuY29tL3N0YXJ0,<expiry>
      "
    `);
  });

  it("lists the warnings about the profile and the file, in line order, and none about unrelated profiles", async () => {
    const config = `[profile other]
regoin = eu-west-1

[profile src]
mfa_serail = x

[profile mine]
source_profile = src
role_arn = arn:aws:iam::1:role/r
regoin = eu-west-1
`;
    expect(await explain(config, ["mine"])).toMatchInlineSnapshot(`
      "Profile 'mine' (<config>)
        region: (none)

        1. long-term keys of 'src' from the keystore
             keys: none stored in the file keystore (vault-cli add src)
             note: profile src: skipping GetSessionToken because profile 'mine' has no MFA serial defined
        2. AssumeRole arn:aws:iam::1:role/r for 'mine'
             duration: 1h (aws-vault's default)
             session name: the time of the call (aws-vault's default)
             endpoint: none (profile 'mine' has no region to call STS in)
             cache: sts.AssumeRole,bWluZQ,,<expiry> (vault-cli only: aws-vault does not cache this)

      Warnings:
        <config>:5: [profile src] unknown key 'mfa_serail' is ignored (did you mean 'mfa_serial'?)
        <config>:10: [profile mine] unknown key 'regoin' is ignored (did you mean 'region'?)
      "
    `);
  });
});

describe("explain --json", () => {
  it("numbers the steps and reports each hop's MFA, region and the warnings' profiles", async () => {
    const json = JSON.parse(await explain(chained, ["--json", "admin"]));
    expect(json).toMatchInlineSnapshot(`
      {
        "configFile": "<config>",
        "hops": [
          {
            "cacheKey": null,
            "cacheType": null,
            "cappedFromSeconds": null,
            "command": null,
            "durationOrigin": null,
            "durationSeconds": null,
            "endpoint": null,
            "endpointProblem": null,
            "externalId": null,
            "keysFound": false,
            "kind": "stored",
            "mfa": "none",
            "mfaProcess": null,
            "mfaSerial": null,
            "mfaVia": null,
            "notes": [
              "profile base: using stored credentials",
            ],
            "profile": "base",
            "region": "eu-west-1",
            "roleArn": null,
            "roleSessionName": null,
            "sessionTags": null,
            "sharedWithAwsVault": null,
            "sourceIdentity": null,
            "ssoAccountId": null,
            "ssoRegion": null,
            "ssoRegistrationScopes": null,
            "ssoRoleName": null,
            "ssoSession": null,
            "ssoStartUrl": null,
            "ssoTokenKey": null,
            "step": 1,
            "transitiveSessionTags": null,
            "webIdentityTokenFile": null,
            "webIdentityTokenProcess": null,
          },
          {
            "cacheKey": "sts.GetSessionToken,YmFzZQ,YXJuOmF3czppYW06OjE6bWZhL2pvbg,<expiry>",
            "cacheType": "sts.GetSessionToken",
            "cappedFromSeconds": null,
            "command": null,
            "durationOrigin": "default",
            "durationSeconds": 28800,
            "endpoint": "https://sts.eu-west-1.amazonaws.com (eu-west-1)",
            "endpointProblem": null,
            "externalId": null,
            "keysFound": null,
            "kind": "GetSessionToken",
            "mfa": "code",
            "mfaProcess": null,
            "mfaSerial": "arn:aws:iam::1:mfa/jon",
            "mfaVia": "prompt",
            "notes": [
              "profile base: using GetSessionToken (with MFA)",
            ],
            "profile": "base",
            "region": "eu-west-1",
            "roleArn": null,
            "roleSessionName": null,
            "sessionTags": null,
            "sharedWithAwsVault": true,
            "sourceIdentity": null,
            "ssoAccountId": null,
            "ssoRegion": null,
            "ssoRegistrationScopes": null,
            "ssoRoleName": null,
            "ssoSession": null,
            "ssoStartUrl": null,
            "ssoTokenKey": null,
            "step": 2,
            "transitiveSessionTags": null,
            "webIdentityTokenFile": null,
            "webIdentityTokenProcess": null,
          },
          {
            "cacheKey": "sts.AssumeRole,YWRtaW4,YXJuOmF3czppYW06OjE6bWZhL2pvbg,<expiry>",
            "cacheType": "sts.AssumeRole",
            "cappedFromSeconds": null,
            "command": null,
            "durationOrigin": "<config>:14",
            "durationSeconds": 900,
            "endpoint": null,
            "endpointProblem": "profile 'admin' has no region to call STS in",
            "externalId": "ext-1",
            "keysFound": null,
            "kind": "AssumeRole",
            "mfa": "chained",
            "mfaProcess": null,
            "mfaSerial": "arn:aws:iam::1:mfa/jon",
            "mfaVia": null,
            "notes": [
              "profile admin: sourcing credentials from profile base",
              "profile admin: using AssumeRole (chained MFA)",
            ],
            "profile": "admin",
            "region": null,
            "roleArn": "arn:aws:iam::1:role/admin",
            "roleSessionName": "me",
            "sessionTags": {
              "env": "prod",
              "team": "ops",
            },
            "sharedWithAwsVault": false,
            "sourceIdentity": "src-id",
            "ssoAccountId": null,
            "ssoRegion": null,
            "ssoRegistrationScopes": null,
            "ssoRoleName": null,
            "ssoSession": null,
            "ssoStartUrl": null,
            "ssoTokenKey": null,
            "step": 3,
            "transitiveSessionTags": [
              "team",
              "env",
            ],
            "webIdentityTokenFile": null,
            "webIdentityTokenProcess": null,
          },
        ],
        "keystore": {
          "backend": "file",
          "error": null,
        },
        "profile": "admin",
        "region": null,
        "schemaVersion": 1,
        "warnings": [],
      }
    `);
  });
});

describe("explain warnings in JSON and an unavailable keystore", () => {
  it("gives a file-wide warning a null profile and a profile warning its profile, in line order", async () => {
    const config = `\ufeff[profile src]
mfa_serail = x

[profile mine]
source_profile = src
role_arn = arn:aws:iam::1:role/r
`;
    const json = JSON.parse(await explain(config, ["--json", "mine"]));
    expect(json.warnings.map((w: { line: number; profile: string | null }) => [w.line, w.profile])).toEqual([
      [1, null],
      [2, "src"],
    ]);
  });

  it("says the keystore could not be listed and shows no keys line for the stored hop", async () => {
    const store = tempDir("pass");
    const text = await explain("[profile jon]\n", ["jon"], {
      AWS_VAULT_BACKEND: "pass",
      AWS_VAULT_PASS_CMD: join(store, "no-such-pass"),
      AWS_VAULT_PASS_PASSWORD_STORE_DIR: store,
    });
    // Which other backends work depends on the machine.
    const shown = text
      .replaceAll(store, "<store>")
      .replace(/available here: [^;]*;/, "available here: <some>;");
    expect(shown).toMatchInlineSnapshot(`
      "Profile 'jon' (<config>)
        region: (none)
        (keystore 'pass' unavailable: keystore backend 'pass' is not available: the pass program '<store>/no-such-pass' was not found (Debian: apt-get install pass; or set AWS_VAULT_PASS_CMD); backends available here: <some>; assuming profiles without a source hold keys)

        1. long-term keys of 'jon' from the keystore
        2. GetSessionToken with the keys of 'jon'
             duration: 1h (aws-vault's default)
             endpoint: none (profile 'jon' has no region to call STS in)
             cache: sts.GetSessionToken,am9u,,<expiry>
      "
    `);
  });
});
