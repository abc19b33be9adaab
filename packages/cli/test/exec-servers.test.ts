import { type AwsCredentials, type Env, encodeMasterCredentials, VaultError } from "@vault-cli/core";
import { fakeClock, fakeSts, memoryKeystore } from "@vault-cli/core/testing";
import { describe, expect, it } from "vitest";
import { holdCredentials } from "../src/server/held-credentials.js";
import { listenLoopback } from "../src/server/loopback-server.js";
import { scriptedPrompt } from "./support/scripted-prompt.js";
import { runCli } from "./support/test-io.js";

const CONFIG = `[profile jon]
region = us-east-1
mfa_serial = arn:aws:iam::111111111111:mfa/jon
endpoint_url = https://vpce.example.internal
`;

describe("exec's server flags", () => {
  it.each([
    [["--ecs-server", "--ec2-server"], "--ecs-server and --ec2-server cannot be used together"],
    [["--server", "--ec2-server"], "--ecs-server and --ec2-server cannot be used together"],
    [["-s", "--json"], "--json cannot be used with --ecs-server"],
    [["--ec2-server", "-j"], "--json cannot be used with --ec2-server"],
    [["--ecs-server", "--no-session"], "--no-session cannot be used with --ecs-server"],
    [["--ec2-server", "-n"], "--no-session cannot be used with --ec2-server"],
    [["--lazy"], "--lazy applies only to --ecs-server and --ec2-server"],
  ])("%j is refused before anything runs", async (flags, message) => {
    const r = await runCli(["exec", ...flags, "jon", "--", "true"], { config: CONFIG });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`vault-cli: error: exec: ${message}\nRun 'vault-cli exec --help' for usage.\n`);
  });

  it("the command gets the server's variables, the region, endpoint_url and AWS_VAULT, and no keys or stale endpoints", async () => {
    const clock = fakeClock();
    const keystore = memoryKeystore({
      jon: encodeMasterCredentials({ accessKeyId: "AKIAJONSERVER", secretAccessKey: "jon-secret" }),
    });
    const stale: Env = {
      AWS_ACCESS_KEY_ID: "AKIAOUTER",
      AWS_SECRET_ACCESS_KEY: "outer-secret",
      AWS_SESSION_TOKEN: "outer-token",
      AWS_CREDENTIAL_EXPIRATION: "2026-01-01T00:00:00Z",
      AWS_PROFILE: "other",
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/x",
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "/var/run/token",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "IPv6",
      KEEP_ME: "yes",
    };
    const seen: Env[] = [];
    for (const flag of ["--ecs-server", "--ec2-server"]) {
      const r = await runCli(["exec", flag, "jon", "--", "app"], {
        config: CONFIG,
        env: stale as Record<string, string>,
        clock,
        sts: fakeSts({ clock }),
        openKeystore: async () => keystore,
        prompt: scriptedPrompt(["123456", "123456"]).prompt,
        runChild: async (_command, _args, env) => {
          seen.push(env);
          return 0;
        },
      });
      expect(r.code).toBe(0);
    }
    const [ecs, ec2] = seen.map((env) =>
      Object.fromEntries(Object.entries(env).filter(([name]) => name !== "AWS_CONFIG_FILE")),
    );
    expect(ecs).toEqual({
      KEEP_ME: "yes",
      AWS_VAULT: "jon",
      AWS_REGION: "us-east-1",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_ENDPOINT_URL: "https://vpce.example.internal",
      AWS_CONTAINER_CREDENTIALS_FULL_URI: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      AWS_CONTAINER_AUTHORIZATION_TOKEN: expect.stringMatching(/^[\w-]{40}$/),
    });
    expect(ec2).toEqual({
      KEEP_ME: "yes",
      AWS_VAULT: "jon",
      AWS_REGION: "us-east-1",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_ENDPOINT_URL: "https://vpce.example.internal",
      AWS_EC2_METADATA_SERVICE_ENDPOINT: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/),
    });
  });
});

describe("exec --lazy, and what a server says", () => {
  const world = () => {
    const clock = fakeClock();
    const sts = fakeSts({ clock });
    const keystore = memoryKeystore({
      jon: encodeMasterCredentials({ accessKeyId: "AKIAJONSERVER", secretAccessKey: "jon-secret" }),
    });
    return { clock, sts, keystore };
  };

  it("--lazy: nothing is fetched before the command starts; its first request fetches; the region is planned", async () => {
    const { clock, sts, keystore } = world();
    let beforeRequest = -1;
    let region: string | undefined;
    const r = await runCli(["exec", "--ecs-server", "--lazy", "jon", "--", "app"], {
      config: CONFIG,
      clock,
      sts,
      openKeystore: async () => keystore,
      prompt: scriptedPrompt(["123456"]).prompt,
      runChild: async (_command, _args, env) => {
        beforeRequest = sts.calls.length;
        region = env.AWS_REGION;
        const answer = await fetch(env.AWS_CONTAINER_CREDENTIALS_FULL_URI!, {
          headers: { Authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN! },
        });
        // The terminal is the command's now: the MFA code cannot be asked, and the request says why.
        expect(answer.status).toBe(500);
        return 0;
      },
    });
    expect(r.code).toBe(0);
    expect(beforeRequest).toBe(0);
    expect(region).toBe("us-east-1");
  });

  it("says which server serves the command, unless AWS_VAULT_DISABLE_HELP_MESSAGE=1", async () => {
    const said: string[] = [];
    for (const [flag, env] of [
      ["--ecs-server", {}],
      ["--ec2-server", {}],
      ["--ecs-server", { AWS_VAULT_DISABLE_HELP_MESSAGE: "1" }],
    ] as const) {
      const { clock, sts, keystore } = world();
      const r = await runCli(["exec", flag, "jon", "--", "app"], {
        config: CONFIG,
        env,
        clock,
        sts,
        openKeystore: async () => keystore,
        prompt: scriptedPrompt(["123456"]).prompt,
        runChild: async () => 0,
      });
      said.push(r.stderr.replace(/127\.0\.0\.1:\d+/, "127.0.0.1:PORT"));
    }
    expect(said).toEqual([
      "Serving credentials of 'jon' to the command as an ECS credentials endpoint on http://127.0.0.1:PORT\n",
      "Serving credentials of 'jon' to the command as EC2 instance metadata on http://127.0.0.1:PORT; any process on this machine can read them while it runs\n",
      "",
    ]);
  });

  it("without a command: the subshell notice on a terminal, after the server's", async () => {
    const { clock, sts, keystore } = world();
    let shell = "";
    const r = await runCli(["exec", "--ecs-server", "jon"], {
      config: CONFIG,
      env: { SHELL: "/bin/zsh" },
      stdoutIsTTY: true,
      clock,
      sts,
      openKeystore: async () => keystore,
      prompt: scriptedPrompt(["123456"]).prompt,
      runChild: async (command) => {
        shell = command;
        return 0;
      },
    });
    expect(shell).toBe("/bin/zsh");
    expect(r.stderr).toMatch(
      /on http:\/\/127\.0\.0\.1:\d+\nStarting subshell \/bin\/zsh, use `exit` to exit the subshell\n$/,
    );
  });
});

describe("exec without a server", () => {
  it("exports the profile's endpoint_url as AWS_ENDPOINT_URL (ByteNess), with the keys", async () => {
    const clock = fakeClock();
    const keystore = memoryKeystore({
      jon: encodeMasterCredentials({ accessKeyId: "AKIAJONSERVER", secretAccessKey: "jon-secret" }),
    });
    let seen: Env = {};
    const r = await runCli(["exec", "jon", "--", "app"], {
      config: CONFIG,
      clock,
      sts: fakeSts({ clock }),
      openKeystore: async () => keystore,
      prompt: scriptedPrompt(["123456"]).prompt,
      runChild: async (_command, _args, env) => {
        seen = env;
        return 0;
      },
    });
    expect(r.code).toBe(0);
    expect(seen).toMatchObject({
      AWS_ENDPOINT_URL: "https://vpce.example.internal",
      AWS_ACCESS_KEY_ID: "ASIAFAKE0001",
    });
  });
});

describe("held credentials", () => {
  const credentials = (n: number, expiration: Date): { credentials: AwsCredentials } => ({
    credentials: { accessKeyId: `ASIA${n}`, secretAccessKey: "s", sessionToken: "t", expiration },
  });

  it("fetch again on their own when they reach the floor, with no request asking", async () => {
    let fetches = 0;
    let prefetched!: () => void;
    const second = new Promise<void>((resolve) => {
      prefetched = resolve;
    });
    // Real time: the first credentials reach the 1-second floor one second after they are fetched.
    const held = holdCredentials(
      async () => {
        fetches++;
        if (fetches === 2) prefetched();
        return credentials(fetches, new Date(Date.now() + 2_000));
      },
      { clock: () => new Date(), floorSeconds: 1, onPrefetchError: () => {} },
    );
    expect((await held.get()).credentials.accessKeyId).toBe("ASIA1");
    await second;
    expect((await held.get()).credentials.accessKeyId).toBe("ASIA2");
    held.close();
  });

  it("share one fetch among concurrent requests, and a failed prefetch is tried again by the next request", async () => {
    const clock = fakeClock();
    const errors: unknown[] = [];
    let fetches = 0;
    let fail = false;
    const held = holdCredentials(
      async () => {
        fetches++;
        if (fail) throw new VaultError("STS_FAILED", "STS is down");
        return credentials(fetches, new Date(clock().getTime() + 900_000));
      },
      { clock, floorSeconds: 300, onPrefetchError: (error) => errors.push(error) },
    );
    const first = await Promise.all([held.get(), held.get(), held.get()]);
    expect(first.map((v) => v.credentials.accessKeyId)).toEqual(["ASIA1", "ASIA1", "ASIA1"]);
    expect(fetches).toBe(1);
    clock.advance(600_000);
    expect((await held.get()).credentials.accessKeyId).toBe("ASIA1");
    clock.advance(1_000);
    fail = true;
    await expect(held.get()).rejects.toThrow("STS is down");
    fail = false;
    expect((await held.get()).credentials.accessKeyId).toBe("ASIA3");
    held.close();
  });
});

describe("the loopback server", () => {
  it("refuses bodies (413) and oversized headers (431), and hides unexpected errors behind a fixed message", async () => {
    const server = await listenLoopback(() => async (request) => {
      if (request.path === "/vault") throw new VaultError("STS_FAILED", "STS said no (profile 'jon')");
      if (request.path === "/bug") throw new TypeError("secret-ish internals");
      return { status: 200, body: "ok", contentType: "text/plain" };
    });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      const body = await fetch(`${server.url}/x`, { method: "POST", body: "payload" });
      expect([body.status, await body.json()]).toEqual([
        413,
        { Message: "requests to this server have no body" },
      ]);
      const big = await fetch(server.url, { headers: { "X-Padding": "x".repeat(17 * 1024) } });
      expect(big.status).toBe(431);
      const vault = await fetch(`${server.url}/vault`);
      expect([vault.status, await vault.json()]).toEqual([500, { Message: "STS said no (profile 'jon')" }]);
      const bug = await fetch(`${server.url}/bug`);
      expect(await bug.json()).toEqual({
        Message: "vault-cli could not get credentials (an unexpected error; run with --debug)",
      });
      expect(await (await fetch(`${server.url}/fine?query=dropped`)).text()).toBe("ok");
    } finally {
      await server.close();
    }
  });
});
