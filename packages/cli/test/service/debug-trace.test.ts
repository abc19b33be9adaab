import { appendFileSync, chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertBuilt, type Moto, startMoto, tempDir, vaultHome } from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `--debug` traces (sdk-provider tests VAULT_CLI_DEBUG=1 for fromVault) what the vault does; no secret, session token or
// MFA code may appear in it. The MFA code is chosen so that it occurs in no ARN or account id.
const MFA = "493817";
const JON = { accessKeyId: "AKIAJONDEBUG00000001", secretAccessKey: "jon-debug-secret" };
const PASSPHRASE = "debug passphrase";
/** moto answers every GetSessionToken with these (moto/sts/responses.py). */
const MOTO_GST = [
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
  "AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5T",
];

let moto: Moto;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ record: true });
});
afterAll(() => moto?.stop());

/**
 * A user whose mfa_process prints MFA. With `held`, it first creates `asked` and then waits for `release` to
 * exist, so a test holds the first process inside its lock for as long as it needs (no sleep).
 */
function setup({ held = false } = {}) {
  const dir = tempDir("mfa");
  const mfa = join(dir, "mfa.sh");
  const asked = join(dir, "asked");
  const release = join(dir, "release");
  const wait = `: > "${asked}"\nwhile [ ! -e "${release}" ]; do sleep 0.02; done\n`;
  writeFileSync(mfa, `#!/bin/sh\n${held ? wait : ""}echo ${MFA}\n`);
  chmodSync(mfa, 0o755);
  const config = `[profile jon]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/jon
mfa_process = ${mfa}

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/admin
mfa_serial = arn:aws:iam::123456789012:mfa/jon
region = us-east-1
`;
  const user = vaultHome(moto.url, config, { passphrase: PASSPHRASE });
  return { user, asked, release };
}

/** Resolves when `path` exists. */
async function appears(path: string): Promise<void> {
  while (!existsSync(path)) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Asserts no secret of the run is in `trace`; returns the trace's lines without the `vault-cli: debug +Nms:` prefix. */
function checked(trace: string, secrets: readonly string[]): string[] {
  for (const secret of [...secrets, ...MOTO_GST, MFA, PASSPHRASE, JON.secretAccessKey, JON.accessKeyId]) {
    expect(trace, `the trace shows '${secret}'`).not.toContain(secret);
  }
  const lines = trace.split("\n").filter(Boolean);
  for (const line of lines) expect(line).toMatch(/^vault-cli: debug \+\d+ms: /);
  return lines.map((line) => line.replace(/^vault-cli: debug \+\d+ms: /, ""));
}

const roleSecrets = (stdout: string) => {
  const doc = JSON.parse(stdout) as Record<string, string>;
  return [doc.SecretAccessKey!, doc.SessionToken!];
};

describe("--debug", () => {
  it("traces a cold role chain step by step, then a cache hit, with no secret, token or code", async () => {
    const { user } = setup();
    await user.storeKeys("jon", JON);
    const cold = user.vault(["--debug", "export", "--format=json", "admin"]);
    expect(cold.code).toBe(0);
    const lines = checked(cold.stderr, roleSecrets(cold.stdout));
    const has = (pattern: RegExp) =>
      expect(
        lines.some((line) => pattern.test(line)),
        String(pattern),
      ).toBe(true);
    has(/^config: \S+config: 2 profiles, 0 warnings$/);
    has(/^keystore: file: 1 credentials, 0 sessions, 0 SSO tokens$/);
    has(
      /^plan: 'admin': stored 'jon' -> GetSessionToken 'jon' \(8h0m0s, MFA code\) -> AssumeRole \S+role\/admin 'admin' \(1h0m0s, MFA chained\)$/,
    );
    has(/^ttl: credential_process credentials must have 900s left$/);
    has(/^cache: sts\.AssumeRole of 'admin': miss \(no item\)$/);
    has(/^process: mfa_process of 'jon'$/);
    has(
      /^sts: GetSessionToken for 'jon' at http:\/\/127\.0\.0\.1:\d+ \(us-east-1\), signed by \*\*\*\*0001, DurationSeconds=28800 SerialNumber="arn:aws:iam::123456789012:mfa\/jon" TokenCode=\*\*\*\*\*\*$/,
    );
    has(/^sts: GetSessionToken -> \*\*\*\*\w{4}, expires \S+ \(\d+ms\)$/);
    has(
      /^sts: AssumeRole arn:aws:iam::123456789012:role\/admin for 'admin' at .*, signed by \*\*\*\*\w{4}, RoleArn=/,
    );
    has(/^cache: sts\.AssumeRole of 'admin': wrote sts\.AssumeRole,/);
    has(/^credentials: \*\*\*\*\w{4} for 'admin', expires /);

    const hit = user.vault(["export", "--format=json", "admin", "--debug"]);
    const hitLines = checked(hit.stderr, roleSecrets(hit.stdout));
    expect(
      hitLines.some((line) => /^cache: sts\.AssumeRole of 'admin': hit \S+ \(\d+m\d+s left\)$/.test(line)),
    ).toBe(true);
    expect(hitLines.filter((line) => line.startsWith("sts:"))).toEqual([]);
    expect(hit.stdout).toBe(cold.stdout);
  });

  it("says why a cached item was refused, and shows a lock wait", async () => {
    const { user, asked, release } = setup({ held: true });
    await user.storeKeys("jon", JON);
    // The first run asks for the MFA code under the lock and is held there until the second says it waits.
    const first = user.vaultAsync(["--debug", "export", "--format=json", "admin"]);
    await appears(asked);
    const second = await user.vaultAsync(["--debug", "export", "--format=json", "admin"], {}, (stderr) => {
      if (stderr.includes("lock: waiting")) writeFileSync(release, "");
    });
    const firstRun = await first;
    const waited = checked(second.stderr, roleSecrets(second.stdout));
    checked(firstRun.stderr, roleSecrets(firstRun.stdout));
    expect(
      waited.some((line) =>
        /^lock: waiting for credentials for profile '\w+' \(sts\.\w+\) \(held by pid \d+\)$/.test(line),
      ),
    ).toBe(true);
    // What the holder made is read from the cache once it lets go, by the waiter: no STS call of its own.
    expect(
      waited.some((line) =>
        /^lock: another process made credentials for profile '\w+' \(sts\.\w+\) after \d+ms; (not taken|read under the lock)$/.test(
          line,
        ),
      ),
    ).toBe(true);

    appendFileSync(user.configFile, "external_id = tenant-42\n"); // in [profile admin], the last section
    const edited = user.vault(["--debug", "export", "--format=json", "admin"]);
    const lines = checked(edited.stderr, roleSecrets(edited.stdout));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^cache: sts\.AssumeRole of 'admin': item \S+ refused: made with another external id$/,
      ),
    );
    expect(lines.filter((line) => /^sts: \w+ .*for '/.test(line)).map((line) => line.split(" ")[1])).toEqual([
      "AssumeRole",
    ]);
  });
});
