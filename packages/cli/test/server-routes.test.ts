import type { AwsCredentials } from "@vault-cli/core";
import { VaultError } from "@vault-cli/core";
import { fakeClock } from "@vault-cli/core/testing";
import { describe, expect, it } from "vitest";
import { ecsRoutes, ecsVariables } from "../src/server/ecs-routes.js";
import type { Held } from "../src/server/held-credentials.js";
import { imdsRoutes, imdsVariables } from "../src/server/imds-routes.js";

// The two servers' routes, asked directly (the binary's tests ask them over HTTP with real SDKs).
const SESSION: AwsCredentials = {
  accessKeyId: "ASIASERVED",
  secretAccessKey: "served-secret",
  sessionToken: "served-token",
  expiration: new Date("2026-03-01T10:00:00.500Z"),
};

function held(
  credentials: AwsCredentials = SESSION,
): Held<{ credentials: AwsCredentials }> & { gets: number } {
  const h = {
    gets: 0,
    get: async () => {
      h.gets++;
      return { credentials };
    },
    close: () => {},
  };
  return h;
}

const get = (path: string, headers: Record<string, string> = {}) => ({ method: "GET", path, headers });

describe("the ECS routes", () => {
  const token = "t".repeat(40);

  it("serve the profile's credentials on any path but /role-arn/, to the exact token only", async () => {
    const base = held();
    const routes = ecsRoutes(token, base, () => held());
    const ok = await routes.handle(get("/anything", { authorization: token }));
    expect(ok).toEqual({
      status: 200,
      body: '{"AccessKeyId":"ASIASERVED","Expiration":"2026-03-01T10:00:00Z","SecretAccessKey":"served-secret","Token":"served-token"}\n',
    });
    for (const authorization of [undefined, `${token}x`, token.slice(1), `Bearer ${token}`, ""]) {
      const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
      expect(await routes.handle(get("/", headers))).toEqual({
        status: 403,
        body: '{"Message":"invalid Authorization token"}\n',
      });
    }
    expect(
      (await routes.handle({ method: "POST", path: "/", headers: { authorization: token } })).status,
    ).toBe(405);
    expect(base.gets).toBe(1);
  });

  it("long-term keys are served without Token and Expiration", async () => {
    const routes = ecsRoutes(token, held({ accessKeyId: "AKIA1", secretAccessKey: "s" }), () => held());
    expect((await routes.handle(get("/", { authorization: token }))).body).toBe(
      '{"AccessKeyId":"AKIA1","SecretAccessKey":"s"}\n',
    );
  });

  it("/role-arn/<arn>: one holder per role, percent-decoded; refuses what is not a role ARN", async () => {
    const asked: string[] = [];
    const routes = ecsRoutes(token, held(), (arn) => {
      asked.push(arn);
      return held({ ...SESSION, accessKeyId: `ASIA${asked.length}` });
    });
    const ask = (path: string) => routes.handle(get(path, { authorization: token }));
    const arn = "arn:aws:iam::123456789012:role/path/deploy";
    expect(JSON.parse((await ask(`/role-arn/${arn}`)).body).AccessKeyId).toBe("ASIA1");
    expect(JSON.parse((await ask(`/role-arn/${encodeURIComponent(arn)}`)).body).AccessKeyId).toBe("ASIA1");
    expect(asked).toEqual([arn]);
    expect(await ask("/role-arn/arn:aws:iam::123456789012:user/bob")).toEqual({
      status: 400,
      body: '{"Message":"not an IAM role ARN: arn:aws:iam::123456789012:user/bob"}\n',
    });
    expect((await ask("/role-arn/%E0%A4%A")).body).toBe(
      '{"Message":"the role ARN in the path is not valid percent-encoding"}\n',
    );
    expect(JSON.parse((await ask("/role-arn/arn:aws-cn:iam::123456789012:role/x")).body).AccessKeyId).toBe(
      "ASIA2",
    );
  });

  it("holds at most 64 roles: the 65th closes and drops the first", async () => {
    const closed: string[] = [];
    const routes = ecsRoutes(token, held(), (arn) => ({ ...held(), close: () => closed.push(arn) }));
    const arn = (n: number) => `arn:aws:iam::123456789012:role/r${n}`;
    for (let n = 1; n <= 65; n++) await routes.handle(get(`/role-arn/${arn(n)}`, { authorization: token }));
    expect(closed).toEqual([arn(1)]);
    routes.close();
    expect(closed).toHaveLength(65);
  });

  it("point the SDK at the server with its token", () => {
    expect(ecsVariables("http://127.0.0.1:5", token)).toEqual({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1:5",
      AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
    });
  });
});

describe("the EC2 metadata routes", () => {
  const port = 4321;
  const host = { host: `127.0.0.1:${port}` };
  /** `region` null: a profile with no region. */
  const setup = (credentials: AwsCredentials = SESSION, region: string | null = "eu-west-1") => {
    const clock = fakeClock("2026-03-01T09:00:00Z");
    return { clock, handle: imdsRoutes(held(credentials), { port, region: region ?? undefined, clock }) };
  };
  const tokenFor = async (handle: ReturnType<typeof setup>["handle"], ttl: string) =>
    handle({
      method: "PUT",
      path: "/latest/api/token",
      headers: { ...host, "x-aws-ec2-metadata-token-ttl-seconds": ttl },
    });

  it("IMDSv2: a token for 1 to 21600 seconds, accepted until it expires; v1 without one", async () => {
    const { clock, handle } = setup();
    const issued = await tokenFor(handle, "60");
    expect(issued.status).toBe(200);
    expect(issued.headers).toEqual({ "X-aws-ec2-metadata-token-ttl-seconds": "60" });
    expect(issued.body).toMatch(/^[\w-]{43}$/);
    const v2 = { ...host, "x-aws-ec2-metadata-token": issued.body };
    const path = "/latest/meta-data/iam/security-credentials/local-credentials";
    expect(JSON.parse((await handle(get(path, v2))).body)).toEqual({
      Code: "Success",
      LastUpdated: "2026-03-01T09:00:00Z",
      Type: "AWS-HMAC",
      AccessKeyId: "ASIASERVED",
      SecretAccessKey: "served-secret",
      Token: "served-token",
      Expiration: "2026-03-01T10:00:00Z",
    });
    clock.advance(59_999);
    expect((await handle(get(path, v2))).status).toBe(200);
    clock.advance(1);
    expect(await handle(get(path, v2))).toEqual({
      status: 401,
      body: "Unauthorized",
      contentType: "text/plain",
    });
    expect((await handle(get(path, host))).status).toBe(200);
    expect((await tokenFor(handle, "21600")).status).toBe(200);
    expect((await tokenFor(handle, "1")).status).toBe(200);
    for (const ttl of ["0", "21601", "1.5", "soon"]) expect((await tokenFor(handle, ttl)).status).toBe(400);
  });

  it("answers the paths SDKs and tools read, with and without a trailing slash, and 404 elsewhere", async () => {
    const { handle } = setup();
    const text = async (path: string) => {
      const reply = await handle(get(path, host));
      return [reply.status, reply.body];
    };
    expect(await text("/latest/meta-data/iam/security-credentials/")).toEqual([200, "local-credentials"]);
    expect(await text("/latest/meta-data/iam/security-credentials")).toEqual([200, "local-credentials"]);
    expect((await text("/latest/meta-data/iam/security-credentials/local-credentials/"))[0]).toBe(200);
    expect(await text("/latest/meta-data/iam/info")).toEqual([200, '{"Code":"Success"}\n']);
    expect(await text("/latest/meta-data/iam/info/")).toEqual([200, '{"Code":"Success"}\n']);
    expect(await text("/latest/meta-data/instance-id")).toEqual([200, "vault-cli"]);
    expect(await text("/latest/meta-data/instance-id/")).toEqual([200, "vault-cli"]);
    expect(await text("/latest/meta-data/placement/region")).toEqual([200, "eu-west-1"]);
    expect(await text("/latest/dynamic/instance-identity/document")).toEqual([
      200,
      '{"region":"eu-west-1"}\n',
    ]);
    expect(await text("/latest/user-data")).toEqual([404, "Not Found"]);
    const noRegion = setup(SESSION, null).handle;
    expect((await noRegion(get("/latest/meta-data/placement/region", host))).status).toBe(404);
    expect((await noRegion(get("/latest/dynamic/instance-identity/document", host))).status).toBe(404);
  });

  it("refuses foreign Hosts, proxied token requests, other methods, and long-term keys", async () => {
    const { handle } = setup();
    expect((await handle(get("/latest/meta-data/instance-id", { host: "evil.example:4321" }))).status).toBe(
      403,
    );
    expect((await handle(get("/latest/meta-data/instance-id", {}))).status).toBe(403);
    expect((await handle(get("/latest/meta-data/instance-id", { host: `localhost:${port}` }))).status).toBe(
      200,
    );
    const proxied = await handle({
      method: "PUT",
      path: "/latest/api/token",
      headers: { ...host, "x-aws-ec2-metadata-token-ttl-seconds": "60", "x-forwarded-for": "203.0.113.9" },
    });
    expect(proxied.status).toBe(403);
    expect((await handle(get("/latest/api/token", host))).status).toBe(405);
    expect(
      (await handle({ method: "POST", path: "/latest/meta-data/instance-id", headers: host })).status,
    ).toBe(405);
    const keys = setup({ accessKeyId: "AKIA1", secretAccessKey: "s" }).handle;
    const refused = await keys(get("/latest/meta-data/iam/security-credentials/local-credentials", host));
    expect([refused.status, JSON.parse(refused.body).Message]).toEqual([
      500,
      "the profile's credentials are long-term keys: EC2 metadata serves only sessions",
    ]);
  });

  it("holds at most 256 tokens: expired ones go first, then the oldest", async () => {
    const status = async (handle: ReturnType<typeof setup>["handle"], token: string) =>
      (await handle(get("/latest/meta-data/instance-id", { ...host, "x-aws-ec2-metadata-token": token })))
        .status;
    // Full of live tokens: the 257th pushes out the first.
    const full = setup().handle;
    const live: string[] = [];
    for (let n = 0; n < 256; n++) live.push((await tokenFor(full, "21600")).body);
    await tokenFor(full, "21600");
    expect([await status(full, live[0]!), await status(full, live[1]!)]).toEqual([401, 200]);
    // With an expired one among them, that one goes and every live one stays.
    const { clock, handle } = setup();
    const tokens = [(await tokenFor(handle, "10")).body];
    for (let n = 1; n < 256; n++) tokens.push((await tokenFor(handle, "21600")).body);
    clock.advance(10_000);
    await tokenFor(handle, "21600");
    expect(await status(handle, tokens[1]!)).toBe(200);
  });

  it("an error while fetching credentials is the server's 500 (the loopback server turns it into a message)", async () => {
    const failing: Held<{ credentials: AwsCredentials }> = {
      get: () => Promise.reject(new VaultError("MFA_REQUIRED", "needs a code")),
      close: () => {},
    };
    const handle = imdsRoutes(failing, { port, region: undefined, clock: fakeClock() });
    await expect(
      handle(get("/latest/meta-data/iam/security-credentials/local-credentials", host)),
    ).rejects.toThrow("needs a code");
  });

  it("point the SDK at the server", () => {
    expect(imdsVariables("http://127.0.0.1:5")).toEqual({
      AWS_EC2_METADATA_SERVICE_ENDPOINT: "http://127.0.0.1:5/",
    });
  });
});
