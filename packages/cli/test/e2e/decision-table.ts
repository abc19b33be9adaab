/**
 * Harness for decision-table-moto.test.ts: builds one row's config, stores jon's long-term keys under the
 * row's profiles, runs `exec` or `export` through the built binary against moto, and reports what happened
 * on the wire (recorded STS calls, who signed each), the MFA codes asked, the final credentials and the
 * session items left in the file keystore.
 */
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Moto } from "@vault-cli/test-support";
import { type Run, tempDir, vaultHome } from "@vault-cli/test-support";
import { expect } from "vitest";
import { callerArn, createUser, readWire, type WireCall } from "./moto-wire.js";
import { type Keys, verify } from "./sigv4.js";

export const ACCOUNT = "123456789012";
export const OTHER_ACCOUNT = "210987654321";
/** The MFA devices of the table: M, and M2 for the "serials differ" row. */
export const M = `arn:aws:iam::${ACCOUNT}:mfa/jon`;
export const M2 = `arn:aws:iam::${ACCOUNT}:mfa/jon-second-device`;
/** What the counting mfa_process of vault-home.ts prints. */
export const MFA_CODE = "123456";
export const roleArn = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;

/** moto answers every GetSessionToken with these fixed credentials (moto/sts/responses.py). */
export const GST_KEYS: Keys = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
  sessionToken:
    "AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/LTo6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE/IvU1dYUg2RVAJBanLiHb4IgRmpRV3zrkuWJOgQs8IZZaIv2BXIa2R4OlgkBN9bkUDNCJiBeb/AXlzBBko7b15fjrBs2+cTQtpZ3CYWFXG8C5zqx37wnOE49mRl/+OtkIKGO7fAE",
};

// ---- the row table's vocabulary ------------------------------------------------------------------------

/**
 * Who signed a request: jon's long-term keys (`jon`), moto's GetSessionToken keys (`gst`, proven by
 * recomputing the signature with that secret and token), a session of an assumed role (`role:<name>`: moto
 * attributes the signing key id to that role), or nobody (`unsigned`).
 */
export type Signer = "jon" | "gst" | "unsigned" | `role:${string}`;

/** One STS call as the assertions compare it. */
export interface StsCall {
  readonly action: string;
  /** The role name of RoleArn (AssumeRole*), else undefined. */
  readonly role?: string | undefined;
  readonly durationSeconds?: number | undefined;
  /** SerialNumber and TokenCode: both set when an MFA code was sent, both undefined otherwise. */
  readonly serialNumber?: string | undefined;
  readonly tokenCode?: string | undefined;
  readonly signedBy: Signer;
}

const withMfa = (mfa: string | null) => (mfa ? { serialNumber: mfa, tokenCode: MFA_CODE } : {});

/** GetSessionToken of `secs` seconds; `mfa` is the serial whose code is sent, or null for none. */
export const gst = (secs: number, mfa: string | null, signedBy: Signer): StsCall => ({
  action: "GetSessionToken",
  durationSeconds: secs,
  ...withMfa(mfa),
  signedBy,
});

/** AssumeRole of role `role`; `mfa` null means no code (no MFA, or "chained MFA"). */
export const ar = (role: string, secs: number, mfa: string | null, signedBy: Signer): StsCall => ({
  action: "AssumeRole",
  role,
  durationSeconds: secs,
  ...withMfa(mfa),
  signedBy,
});

export const arwwi = (role: string, secs: number): StsCall => ({
  action: "AssumeRoleWithWebIdentity",
  role,
  durationSeconds: secs,
  signedBy: "unsigned",
});

/**
 * What the final credentials are: jon's long-term keys (`user:jon`), moto's GetSessionToken keys (`gst`),
 * or a session of role NAME in ACCOUNT (`role:ACCOUNT:NAME`).
 */
export type Identity = "user:jon" | "gst" | `role:${string}:${string}`;

/**
 * A session item in the keystore, as `<kind> <profile> <serial>`: kind GST | AR | ARWWI | CP, serial M, M2
 * or `-` for none. `<kind>* <profile>` is an item only vault-cli writes (aws-vault would not cache that
 * hop, §4.4 rows 4, 5, 10, 14); its serial is not checked.
 */
export type CacheItem = string;

export interface Row {
  readonly id: string;
  readonly title: string;
  /** Profile sections: `region` and `mfa_process` (the counting script) are added to each. */
  readonly profiles: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Profiles whose name jon's long-term keys are stored under (`vault-cli add --env`). */
  readonly store: readonly string[];
  readonly command: "exec" | "export";
  readonly profile: string;
  readonly flags?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Commands (vault-cli args) run first; the row measures only its own command. */
  readonly before?: readonly (readonly string[])[];
  /** Writes fixture files into `dir` (the config's `$DIR`) before anything runs. */
  readonly prepare?: (fixture: Fixture) => Promise<void>;
  readonly calls: readonly StsCall[];
  readonly mfaPrompts: number;
  readonly identity: Identity;
  readonly cache: readonly CacheItem[];
  /** Row-specific checks after the first and the second run. */
  readonly afterFirst?: (runner: RowRunner, outcome: Outcome) => void;
  readonly afterSecond?: (runner: RowRunner, outcome: Outcome) => void;
}

export interface Fixture {
  readonly dir: string;
  readonly motoUrl: string;
}

// ---- running a row ---------------------------------------------------------------------------------------

export interface Outcome {
  readonly run: Run;
  /** The final credentials: from the exec'd command's environment, or export's JSON. */
  readonly creds: Keys & { expiration?: string | undefined };
  /** The credential-making calls (GetCallerIdentity probes excluded), in order. */
  readonly sts: WireCall[];
  /** exec only: the GetCallerIdentity the AWS CLI made with the credentials it was given, and its answer. */
  readonly probe?: { readonly call: WireCall; readonly arn: string } | undefined;
  readonly mfaPrompts: number;
}

export function profilesIni(profiles: Row["profiles"], dir: string): string {
  return Object.entries(profiles)
    .map(([name, keys]) => {
      const lines = Object.entries({ region: "us-east-1", mfa_process: "$MFA", ...keys }).map(
        ([k, v]) => `${k} = ${v.replaceAll("$DIR", dir)}`,
      );
      return `[profile ${name}]\n${lines.join("\n")}\n`;
    })
    .join("\n");
}

const PROBE = `#!/bin/sh
# exec's command: save the environment exec built, then (with "call") let the AWS CLI use it.
"${process.execPath}" -e 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.env))' "$1" || exit 97
if [ "$2" = call ]; then exec aws sts get-caller-identity --output json; fi
`;

export class RowRunner {
  readonly fixture: Fixture;
  readonly home: ReturnType<typeof vaultHome>;
  private readonly probe: string;

  private constructor(
    private readonly moto: Moto,
    readonly row: Row,
    readonly jon: Keys,
    dir: string,
  ) {
    this.fixture = { dir, motoUrl: moto.url };
    this.home = vaultHome(moto.url, profilesIni(row.profiles, dir));
    this.probe = join(dir, "probe.sh");
    writeFileSync(this.probe, PROBE);
    chmodSync(this.probe, 0o755);
  }

  /** Fresh moto state, user jon in IAM, the row's fixture files and stored keys; recording emptied. */
  static async start(moto: Moto, row: Row): Promise<RowRunner> {
    await moto.reset();
    const jon = await createUser(moto.url, "jon");
    const dir = tempDir("decision");
    await row.prepare?.({ dir, motoUrl: moto.url });
    const runner = new RowRunner(moto, row, jon, dir);
    for (const profile of row.store) {
      const add = runner.home.vault(["add", "--env", profile], {
        AWS_ACCESS_KEY_ID: jon.accessKeyId,
        AWS_SECRET_ACCESS_KEY: jon.secretAccessKey,
      });
      expect(add.stderr).toBe("");
      expect(add.code).toBe(0);
    }
    await fetch(`${moto.url}/moto-api/recorder/reset-recording`, { method: "POST" });
    return runner;
  }

  cleanUp(): void {
    rmSync(this.home.home, { recursive: true, force: true });
    rmSync(this.fixture.dir, { recursive: true, force: true });
  }

  fixtureFile(name: string): string {
    return readFileSync(join(this.fixture.dir, name), "utf8");
  }

  vault(args: readonly string[]): Run {
    return this.home.vault([...args], { ...this.row.env });
  }

  /** Runs the row's command; `callAws` makes exec's command a real AWS CLI GetCallerIdentity. */
  async runCommand(callAws: boolean): Promise<Outcome> {
    const { row } = this;
    const flags = row.flags ?? [];
    const mark = this.wire().length;
    const mfaBefore = this.home.mfaRuns();
    const envFile = join(this.fixture.dir, "exec-env.json");
    rmSync(envFile, { force: true });
    const run =
      row.command === "exec"
        ? this.vault(["exec", ...flags, row.profile, "--", this.probe, envFile, callAws ? "call" : "no-call"])
        : this.vault(["export", "--format=json", ...flags, row.profile]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const calls = this.wire().slice(mark);
    let creds: Outcome["creds"];
    let probe: Outcome["probe"];
    if (row.command === "exec") {
      const env = JSON.parse(readFileSync(envFile, "utf8")) as Record<string, string | undefined>;
      creds = {
        accessKeyId: env.AWS_ACCESS_KEY_ID!,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
        sessionToken: env.AWS_SESSION_TOKEN,
        expiration: env.AWS_CREDENTIAL_EXPIRATION,
      };
      const probeCalls = calls.filter((c) => c.action === "GetCallerIdentity");
      expect(probeCalls).toHaveLength(callAws ? 1 : 0);
      if (callAws) probe = { call: probeCalls[0]!, arn: JSON.parse(run.stdout).Arn };
    } else {
      const json = JSON.parse(run.stdout);
      creds = {
        accessKeyId: json.AccessKeyId,
        secretAccessKey: json.SecretAccessKey,
        sessionToken: json.SessionToken,
        expiration: json.Expiration,
      };
    }
    return {
      run,
      creds,
      sts: calls.filter((c) => c.action !== "GetCallerIdentity"),
      probe,
      mfaPrompts: this.home.mfaRuns() - mfaBefore,
    };
  }

  wire(): WireCall[] {
    return readWire(this.moto.recordFile!);
  }

  /** Who signed `call` (see Signer); an access key id of jon or moto's GST with a wrong secret/token fails. */
  async signer(call: WireCall): Promise<string> {
    if (!call.accessKeyId) return "unsigned";
    for (const [name, keys] of [
      ["jon", this.jon],
      ["gst", GST_KEYS],
    ] as const) {
      if (call.accessKeyId !== keys.accessKeyId) continue;
      const verdict = verify(call, keys);
      return verdict === "ok" ? name : `${name} (${verdict})`;
    }
    const arn = await callerArn(this.moto.url, { accessKeyId: call.accessKeyId, secretAccessKey: "unused" });
    const role = /:assumed-role\/([^/]+)\//.exec(arn ?? "")?.[1];
    return role ? `role:${role}` : `unknown key ${call.accessKeyId} (${arn})`;
  }

  async describe(call: WireCall): Promise<StsCall> {
    const p = call.params;
    const described: StsCall = {
      action: call.action ?? "?",
      role: p.RoleArn?.split("/").pop(),
      durationSeconds: p.DurationSeconds === undefined ? undefined : Number(p.DurationSeconds),
      serialNumber: p.SerialNumber,
      tokenCode: p.TokenCode,
      signedBy: (await this.signer(call)) as Signer,
    };
    // Drop undefined fields so toEqual shows only what was sent.
    return Object.fromEntries(Object.entries(described).filter(([, v]) => v !== undefined)) as StsCall;
  }

  /** Session items in the file keystore (aws-vault's key format, §5.2), as CacheItem strings. */
  sessions(): string[] {
    const serials: Record<string, string> = { [M]: "M", [M2]: "M2", "": "-" };
    const b64 = (s: string) => Buffer.from(s, "base64url").toString("utf8");
    const items: string[] = [];
    const dir = this.home.env.AWS_VAULT_FILE_DIR!;
    for (const file of existsSync(dir) ? readdirSync(dir) : []) {
      const match = /^([^,]+),([^,]+),([^,]*),([0-9]+)$/.exec(file);
      if (!match) continue;
      const kind = CACHE_KIND[match[1]!] ?? match[1]!;
      const profile = b64(match[2]!);
      const serial = b64(match[3]!);
      const vaultCliOnly = `${kind}* ${profile}`;
      items.push(
        this.row.cache.includes(vaultCliOnly)
          ? vaultCliOnly
          : `${kind} ${profile} ${serials[serial] ?? serial}`,
      );
    }
    return items.sort();
  }

  /** `vault-cli list --sessions`: the session types it shows, sorted. */
  listedSessionTypes(): string[] {
    const list = this.vault(["list", "--sessions"]);
    expect(list.code).toBe(0);
    return list.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split(":")[0]!)
      .sort();
  }

  /** `vault-cli explain --json` for the row's command (same flags and env). */
  explain(): ExplainHop[] {
    const r = this.vault(["explain", "--json", ...(this.row.flags ?? []), this.row.profile]);
    expect(r.stderr).toBe("");
    return (JSON.parse(r.stdout) as { hops: ExplainHop[] }).hops;
  }
}

export interface ExplainHop {
  readonly kind: string;
  readonly profile: string;
  readonly roleArn: string | null;
  readonly mfa: "none" | "code" | "chained";
  readonly mfaSerial: string | null;
  readonly durationSeconds: number | null;
  readonly cacheType: string | null;
  readonly sharedWithAwsVault: boolean | null;
}

/** The kind of keystore item each cache type is, in CacheItem words. */
export const CACHE_KIND: Record<string, string> = {
  "sts.GetSessionToken": "GST",
  "sts.AssumeRole": "AR",
  "sts.AssumeRoleWithWebIdentity": "ARWWI",
  credential_process: "CP",
  "sso.GetRoleCredentials": "SSO",
};

/** Expands the CacheItem notation to the session type `list --sessions` prints. */
export function cacheItemType(item: CacheItem): string {
  const kind = item.split(" ")[0]!.replace("*", "");
  const type = Object.entries(CACHE_KIND).find(([, k]) => k === kind)?.[0];
  if (!type) throw new Error(`unknown cache kind in ${item}`);
  return type;
}
