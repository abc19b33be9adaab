import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { encodeMasterCredentials } from "@vault-cli/core";
import { fakeClock, fakeSts, memoryKeystore } from "@vault-cli/core/testing";
import { type FederationFake, startFederationFake, tempDir } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/test-io.js";

// login in-process: the STS calls it makes, the session it sends for a sign-in token, what it prints, and how it
// fails; the fake federation endpoint stands in for signin.aws.amazon.com.
const CONFIG = `[profile jon]
region = eu-west-1

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::111111111111:role/admin
`;

let federation: FederationFake;
beforeAll(async () => {
  federation = await startFederationFake();
});
afterAll(() => federation?.stop());

function login(argv: string[], env: Record<string, string> = {}) {
  const clock = fakeClock("2026-03-01T09:00:00Z");
  const sts = fakeSts({
    clock,
    identity: () => ({
      arn: "arn:aws:iam::111111111111:user/ops/jon.doe",
      account: "111111111111",
      userId: "AIDA1",
    }),
  });
  const keystore = memoryKeystore({
    jon: encodeMasterCredentials({ accessKeyId: "AKIAJONLOGIN", secretAccessKey: "jon-secret" }),
  });
  const run = runCli(["login", ...argv], {
    config: CONFIG,
    env: { VAULT_CLI_FEDERATION_ENDPOINT: federation.url, PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    clock,
    sts,
    openKeystore: async () => keystore,
  });
  return { run, sts };
}

describe("vault-cli login", () => {
  it("an IAM user: GetCallerIdentity, then GetFederationToken named after the user, signed by the stored key", async () => {
    const before = federation.requests.length;
    const { run, sts } = login(["--stdout", "jon"]);
    const r = await run;
    expect(r.code, r.stderr).toBe(0);
    expect(
      sts.calls.map((call) => [call.action, call.credentialsUsed, call.name, call.durationSeconds]),
    ).toEqual([
      ["GetCallerIdentity", "AKIAJONLOGIN", undefined, 0],
      ["GetFederationToken", "AKIAJONLOGIN", "jon.doe", 3600],
    ]);
    expect(JSON.parse(sts.calls[1]!.policy!)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
    });
    expect(federation.requests.slice(before).map((request) => request.session)).toEqual([
      { sessionId: "ASIAFAKE0002", sessionKey: "secret-0002", sessionToken: "token-0002" },
    ]);
    expect(r.stdout).toBe(
      `${federation.url}?Action=login&Issuer=vault-cli&Destination=${encodeURIComponent(
        "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
      )}&SigninToken=signin-${before + 1}\n`,
    );
    expect(r.stderr).toBe("");
  });

  it("AWS_VAULT_STDOUT prints too; --region picks the console; AWS_PROFILE names the profile", async () => {
    for (const stdout of ["1", "true", "YES"]) {
      const r = await login(["--region", "us-gov-west-1"], { AWS_VAULT_STDOUT: stdout, AWS_PROFILE: "admin" })
        .run;
      expect(r.code, r.stderr).toBe(0);
      expect(decodeURIComponent(r.stdout)).toContain(
        "Destination=https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1&",
      );
    }
  });

  it("a role signs in with the role: no federation", async () => {
    const { run, sts } = login(["-s", "admin"]);
    expect((await run).code).toBe(0);
    expect(sts.calls.map((call) => call.action)).toEqual(["AssumeRole"]);
  });

  it("opens the browser on a one-time loopback page, and says so", async () => {
    const dir = tempDir("login-browser");
    const browser = join(dir, "browser.cjs");
    writeFileSync(
      browser,
      "fetch(process.argv[2], { redirect: 'manual' }).then((r) => process.exit(r.status === 302 ? 0 : 1));\n",
    );
    const r = await login(["jon"], { BROWSER: `"${process.execPath}" "${browser}"` }).run;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("Opened the AWS console as 'jon' in your browser\n");
  });

  it("a browser that fails: exit 1 and --stdout named", async () => {
    const r = await login(["jon"], { BROWSER: "false" }).run;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vault-cli: error: login: could not open a browser (/bin/sh); run 'vault-cli login --stdout' to print the URL instead\n",
    );
  });
});

describe("vault-cli login: the federation endpoint fails", () => {
  async function endpoint(status: number, body: string): Promise<{ url: string; stop: () => Promise<void> }> {
    const server = createServer((_req, res) => res.writeHead(status).end(body));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/federation`;
    return { url, stop: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it.each([
    [500, "oops", "HTTP 500"],
    [200, '{"Other":1}', "the answer holds no SigninToken"],
    [200, "not json", "the answer holds no SigninToken"],
    [200, "x".repeat(70_000), "the answer holds no SigninToken"],
  ])(
    "status %i with %j: FEDERATION_FAILED naming the endpoint, never the credentials",
    async (status, body, why) => {
      const fake = await endpoint(status, body);
      try {
        const r = await login(["--stdout", "jon"], { VAULT_CLI_FEDERATION_ENDPOINT: fake.url }).run;
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(`vault-cli: error: login: getSigninToken at ${fake.url} failed: ${why}\n`);
      } finally {
        await fake.stop();
      }
    },
  );

  it("an endpoint nobody listens on", async () => {
    const fake = await endpoint(200, "");
    await fake.stop();
    const r = await login(["--stdout", "jon"], { VAULT_CLI_FEDERATION_ENDPOINT: fake.url }).run;
    expect(r.stderr).toBe(`vault-cli: error: login: getSigninToken at ${fake.url} failed: ECONNREFUSED\n`);
  });
});
