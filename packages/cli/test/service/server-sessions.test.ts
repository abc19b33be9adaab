import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type Env, encodeMasterCredentials } from "@vault-cli/core";
import { type FakeClock, type FakeSts, fakeClock, fakeSts, memoryKeystore } from "@vault-cli/core/testing";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { scriptedPrompt } from "../support/scripted-prompt.js";
import { runCli } from "../support/test-io.js";

// A long-running command behind `exec --ecs-server`, in fake time: the server re-assumes the role from the
// cached MFA session whenever the role's 15-minute credentials run low, with no new code, until the MFA
// session itself ends. Then a code is asked of a GUI driver when one is installed, else the request fails at
// once with a message (the terminal belongs to the command).
const CONFIG = `[profile jon]
region = us-east-1
mfa_serial = arn:aws:iam::111111111111:mfa/jon

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::111111111111:role/admin
mfa_serial = arn:aws:iam::111111111111:mfa/jon
duration_seconds = 900
`;
const FIVE_MINUTES = 5 * 60_000;

interface Served {
  readonly status: number;
  readonly accessKeyId?: string;
  readonly msLeft?: number;
  readonly message?: string;
}

function world() {
  const clock = fakeClock("2026-03-01T09:00:00Z");
  const sts = fakeSts({ clock });
  const keystore = memoryKeystore({
    jon: encodeMasterCredentials({ accessKeyId: "AKIAJONSERVER", secretAccessKey: "jon-secret" }),
  });
  const terminal = scriptedPrompt(["123456"]);
  return { clock, sts, keystore, terminal };
}

/** One request to the ECS server, as an SDK makes it. */
async function ask(env: Env, clock: FakeClock): Promise<Served> {
  const response = await fetch(env.AWS_CONTAINER_CREDENTIALS_FULL_URI!, {
    headers: { Authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN! },
  });
  const body = (await response.json()) as Record<string, string>;
  if (response.status !== 200) return { status: response.status, message: body.Message! };
  return {
    status: 200,
    accessKeyId: body.AccessKeyId!,
    msLeft: Date.parse(body.Expiration!) - clock().getTime(),
  };
}

const sessionEnd = (sts: FakeSts, clock: FakeClock) => {
  const session = sts.calls.find((call) => call.action === "GetSessionToken");
  expect(session).toBeDefined();
  return clock().getTime() + session!.durationSeconds * 1000;
};
const count = (sts: FakeSts, action: string) => sts.calls.filter((call) => call.action === action).length;

describe("exec --ecs-server keeps a long-running command supplied", () => {
  it("re-assumes the role from the MFA session for its whole life: one GetSessionToken, one code", async () => {
    const { clock, sts, keystore, terminal } = world();
    const served: Served[] = [];
    let end = 0;
    const result = await runCli(["exec", "--ecs-server", "admin", "--", "terraform", "apply"], {
      config: CONFIG,
      clock,
      sts,
      openKeystore: async () => keystore,
      prompt: terminal.prompt,
      runChild: async (command, _args, env) => {
        expect(command).toBe("terraform");
        end = sessionEnd(sts, clock);
        // An SDK asking every 5 minutes until 10 minutes before the MFA session ends.
        while (clock().getTime() < end - 2 * FIVE_MINUTES) {
          served.push(await ask(env, clock));
          clock.advance(FIVE_MINUTES);
        }
        clock.set(end + 60_000);
        served.push(await ask(env, clock));
        return 3;
      },
    });
    expect(result.code).toBe(3);
    const hours = (end - Date.parse("2026-03-01T09:00:00Z")) / 3_600_000;
    expect(hours).toBeGreaterThanOrEqual(1);
    const during = served.slice(0, -1);
    expect(during.length).toBe(Math.ceil((hours * 60 - 10) / 5));
    expect(during.filter((s) => !(s.status === 200 && s.msLeft! >= FIVE_MINUTES))).toEqual([]);
    // New role credentials once the 15-minute ones have less than the 5-minute floor left: every third request.
    const keys = new Set(during.map((s) => s.accessKeyId));
    expect(keys.size).toBe(count(sts, "AssumeRole"));
    expect(count(sts, "AssumeRole")).toBe(Math.ceil(during.length / 3));
    expect(count(sts, "GetSessionToken")).toBe(1);
    expect(terminal.asked).toHaveLength(1);
    // The MFA session has ended and nothing may ask for a code: an answer at once, never a hang.
    expect(served.at(-1)).toEqual({
      status: 500,
      message: expect.stringMatching(
        /terminal belongs to 'terraform' while it runs, so vault-cli cannot ask there for an MFA code: install zenity/,
      ),
    });
    expect(count(sts, "GetSessionToken")).toBe(1);
  });

  it("asks a GUI driver on PATH for the next code once the MFA session has ended", async () => {
    const { clock, sts, keystore, terminal } = world();
    const bin = tempDir("gui-driver");
    writeFileSync(join(bin, "zenity"), "#!/bin/sh\necho 654321\n");
    chmodSync(join(bin, "zenity"), 0o755);
    const result = await runCli(["exec", "--ecs-server", "admin", "--", "terraform"], {
      config: CONFIG,
      env: { PATH: `${bin}:/usr/bin:/bin` },
      clock,
      sts,
      openKeystore: async () => keystore,
      prompt: terminal.prompt,
      runChild: async (_command, _args, env) => {
        clock.set(sessionEnd(sts, clock) + 60_000);
        const after = await ask(env, clock);
        expect(after.status).toBe(200);
        return 0;
      },
    });
    expect(result.code).toBe(0);
    const codes = sts.calls
      .filter((call) => call.action === "GetSessionToken")
      .map((call) => call.mfa?.tokenCode);
    expect(codes).toEqual(["123456", "654321"]);
  });

  it("serves 10,000 requests from memory: no STS call and no growing heap", async () => {
    const { clock, sts, keystore, terminal } = world();
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    let growth = 0;
    const result = await runCli(["exec", "--ecs-server", "admin", "--", "app"], {
      config: CONFIG,
      clock,
      sts,
      openKeystore: async () => keystore,
      prompt: terminal.prompt,
      runChild: async (_command, _args, env) => {
        const callsBefore = sts.calls.length;
        for (let i = 0; i < 1000; i++) await ask(env, clock);
        const warm = heap();
        for (let i = 0; i < 9000; i++) await ask(env, clock);
        growth = heap() - warm;
        expect(sts.calls.length).toBe(callsBefore);
        return 0;
      },
    });
    expect(result.code).toBe(0);
    expect(sts.calls.map((call) => call.action)).toEqual(["GetSessionToken", "AssumeRole"]);
    // 9,000 requests leaving even 500 bytes each behind would be 4.5 MB.
    expect(growth).toBeLessThan(2 * 1024 * 1024);
  });
});
