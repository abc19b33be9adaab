import { describe, expect, it } from "vitest";
import type { ExplainJson } from "../src/explain/plan-json.js";
import { runCli } from "./support/test-io.js";

// Every input a hop sends or runs is shown, with where its duration came from. `tagged` has no region of its
// own (a source's region is not inherited), so its calls are signed for us-east-1 at a configured endpoint.
const config = `[profile jon]
region = eu-west-1
mfa_serial = arn:aws:iam::111111111111:mfa/jon
mfa_process = otp-for jon

[profile tagged]
source_profile = jon
role_arn = arn:aws:iam::222222222222:role/tagged
mfa_serial = arn:aws:iam::111111111111:mfa/jon
role_session_name = alice-session
external_id = ext-123
session_tags = Project=atlas,Team=blue
transitive_session_tags = Project
source_identity = alice
duration_seconds = 1800
endpoint_url = https://sts.internal.example

[profile web]
region = us-west-2
role_arn = arn:aws:iam::333333333333:role/web
web_identity_token_process = print-token --audience sts

[profile proc]
credential_process = fetch-creds --profile proc
`;

async function explain(args: string[], env: Record<string, string> = {}) {
  const r = await runCli(["explain", ...args], { config, env });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout;
}

describe("explain shows every input of each hop", () => {
  it("text: session name, external id, tags, transitive keys, source identity, mfa_process, endpoint, origins", async () => {
    const text = await explain(["tagged"]);
    expect(text).toContain("MFA: arn:aws:iam::111111111111:mfa/jon, code from mfa_process: otp-for jon");
    expect(text).toContain("duration: 8h (aws-vault's default)");
    expect(text).toMatch(/duration: 30m \(duration_seconds at \S+config:15\)/);
    expect(text).toContain("session name: alice-session");
    expect(text).toContain("external id: ext-123");
    expect(text).toContain("session tags: Project=atlas, Team=blue");
    expect(text).toContain("transitive tag keys: Project");
    expect(text).toContain("source identity: alice");
    expect(text).toContain("endpoint: https://sts.internal.example (us-east-1)");
    expect(text).toContain("endpoint: https://sts.eu-west-1.amazonaws.com (eu-west-1)");
  });

  it("text: the command of a web identity token and of a credential_process; the duration's flag or variable", async () => {
    const web = await explain(["web", "--duration", "45m"]);
    expect(web).toContain("token process: print-token --audience sts");
    expect(web).toContain("duration: 45m (--duration)");
    expect(web).toContain("session name: the time of the call (aws-vault's default)");
    expect(await explain(["proc"])).toContain("command: fetch-creds --profile proc");
    const fromEnv = await explain(["tagged"], {
      AWS_ASSUME_ROLE_TTL: "20m",
      AWS_ENDPOINT_URL_STS: "http://127.0.0.1:4566",
    });
    expect(fromEnv).toContain("duration: 20m (AWS_ASSUME_ROLE_TTL)");
    expect(fromEnv).toContain("endpoint: http://127.0.0.1:4566 (us-east-1)");
    expect(fromEnv).not.toContain("sts.internal.example");
  });

  it("json: the same inputs as fields, null when unset", async () => {
    const plan = JSON.parse(await explain(["--json", "tagged"])) as ExplainJson;
    const [stored, session, role] = plan.hops;
    expect(stored).toMatchObject({ kind: "stored", durationOrigin: null, endpoint: null, command: null });
    expect(session).toMatchObject({
      kind: "GetSessionToken",
      durationOrigin: "default",
      mfaProcess: "otp-for jon",
      endpoint: "https://sts.eu-west-1.amazonaws.com (eu-west-1)",
      externalId: null,
    });
    expect(role).toMatchObject({
      kind: "AssumeRole",
      durationSeconds: 1800,
      durationOrigin: expect.stringMatching(/config:15$/),
      roleSessionName: "alice-session",
      externalId: "ext-123",
      sessionTags: { Project: "atlas", Team: "blue" },
      transitiveSessionTags: ["Project"],
      sourceIdentity: "alice",
      endpoint: "https://sts.internal.example (us-east-1)",
    });
    const web = JSON.parse(await explain(["--json", "web"])) as ExplainJson;
    expect(web.hops[0]).toMatchObject({
      webIdentityTokenProcess: "print-token --audience sts",
      webIdentityTokenFile: null,
      durationOrigin: "default",
    });
  });
});
