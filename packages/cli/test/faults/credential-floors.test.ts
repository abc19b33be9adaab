import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  assertBuilt,
  type Moto,
  type StsProxy,
  startMoto,
  startStsProxy,
  tempDir,
  type VaultHome,
  vaultHome,
} from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keysDirSnapshot } from "./snapshot.js";

// The 15-minute promise of credential_process holds for fresh credentials too: too short is refused before any
// call where the plan says so (no MFA code spent), and whatever comes back expired or too short is an error,
// never printed nor cached.
const JON = { accessKeyId: "AKIAJONFLOORS0000001", secretAccessKey: "jon-secret" };
const config = (extra = "") => `[profile jon]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/jon
mfa_process = $MFA

[profile role]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/r
region = us-east-1
${extra}
[profile proc]
credential_process = $PROC
`;

let moto: Moto;
let expired: StsProxy;
beforeAll(async () => {
  assertBuilt();
  moto = await startMoto({ record: true });
  expired = await startStsProxy(moto.url, { expiration: () => new Date(Date.now() - 60_000) });
});
afterAll(async () => {
  await expired?.stop();
  await moto?.stop();
});

/** A user holding jon's keys; `$PROC` prints credentials expiring at `processExpiration`. */
async function user(options: { extra?: string; endpoint?: string; processExpiration?: Date } = {}) {
  const dir = tempDir("proc");
  const proc = join(dir, "creds.sh");
  const expiration = (options.processExpiration ?? new Date(Date.now() + 3_600_000)).toISOString();
  writeFileSync(
    proc,
    `#!/bin/sh\nprintf '{"Version":1,"AccessKeyId":"ASIAPROC","SecretAccessKey":"s","SessionToken":"t","Expiration":"${expiration}"}'\n`,
  );
  chmodSync(proc, 0o755);
  const home: VaultHome = vaultHome(
    options.endpoint ?? moto.url,
    config(options.extra).replace("$PROC", proc),
  );
  await home.storeKeys("jon", JON);
  return home;
}

const stsCalls = async () =>
  (await moto.calls()).filter((call) => /Token|AssumeRole/.test(call.action ?? "")).length;

describe("fresh credentials and the consumer's floor", () => {
  it("export --format=json -d 15m: refused before any call, so no MFA code is spent", async () => {
    const u = await user();
    const before = await stsCalls();
    const r = u.vault(["export", "--format=json", "-d", "15m", "jon"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "vault-cli: error: export: GetSessionToken of profile 'jon' would last 15m0s, but these credentials must " +
        "have more than 15m0s left when handed out\n" +
        "vault-cli: hint: ask for a longer --duration (or duration_seconds in the profile)\n",
    );
    expect([await stsCalls(), u.mfaRuns()]).toEqual([before, 0]);
  });

  it("durations below AWS's 15 minutes are refused locally, naming where they came from", async () => {
    const u = await user({ extra: "duration_seconds = 1\n" });
    const before = await stsCalls();
    const fromFile = u.vault(["export", "role"]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toMatch(
      /^vault-cli: error: export: AssumeRole of profile 'role' would last 1s \(duration_seconds at \S+config:\d+\): AWS allows at least 15m0s\n$/,
    );
    const fromEnv = (await user()).vault(["export", "role"], { AWS_ASSUME_ROLE_TTL: "5m" });
    expect(fromEnv.stderr).toContain("would last 5m0s (AWS_ASSUME_ROLE_TTL): AWS allows at least 15m0s");
    const flag = (await user()).vault(["export", "-d", "10m", "jon"]);
    expect([flag.code, flag.stderr.split("\n")[0]]).toEqual([
      1,
      "vault-cli: error: export: GetSessionToken of profile 'jon' would last 10m0s (--duration): AWS allows at least 15m0s",
    ]);
    // Where no STS call takes a duration (long-term keys as they are), there is nothing to refuse.
    expect((await user()).vault(["export", "--no-session", "-d", "10m", "jon"]).code).toBe(0);
    expect(await stsCalls()).toBe(before);
  });

  it("STS credentials that come back already expired: an error, nothing printed or cached", async () => {
    const u = await user({ endpoint: expired.url });
    const keys = keysDirSnapshot(u.keysDir);
    const r = await u.vaultAsync(["export", "--format=json", "jon"]); // async: the proxy answers in this process
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^vault-cli: error: export: GetSessionToken of profile 'jon' returned credentials that expired 1m\d+s ago \(at \S+\)\n/,
    );
    expect(r.stderr).toContain("vault-cli: hint: check this machine's clock and what the source returns\n");
    expect(keysDirSnapshot(u.keysDir)).toEqual(keys);
  });

  it("a credential_process: an Expiration in 2000 is refused; 10 minutes left is too little only for credential_process", async () => {
    const old = await user({ processExpiration: new Date("2000-01-01T00:00:00Z") });
    const keys = keysDirSnapshot(old.keysDir);
    const r = old.vault(["export", "--format=json", "proc"]);
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toMatch(
      /^vault-cli: error: export: credential_process of profile 'proc' returned credentials that expired /,
    );
    expect(keysDirSnapshot(old.keysDir)).toEqual(keys);

    const short = await user({ processExpiration: new Date(Date.now() + 10 * 60_000) });
    const json = short.vault(["export", "--format=json", "proc"]);
    expect(json.stderr).toMatch(
      /returned credentials that expire in 9m5\ds, less than the 15m0s they must have left/,
    );
    const env = short.vault(["export", "proc"]);
    expect(env.stderr).toBe("");
    expect(env.stdout).toContain("AWS_ACCESS_KEY_ID=ASIAPROC\n");
  });
});
