/**
 * The moto level of the decision table (packages/test-support/src/decision-table): one row's config and
 * keystore in a throwaway home, its command run through the built binary against moto, and what happened
 * told in the table's words: the STS calls moto recorded and who signed each (SigV4 recomputed offline, or
 * moto's key lookup for role sessions), the mfa_process and helper program runs, whose credentials came out,
 * and the session items left in the file keystore.
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decodeSessionCredentials, parseSessionKey, type SessionType } from "@vault-cli/core";
import {
  type FixtureName,
  type Item,
  type Moto,
  type Row,
  type Run,
  type SymbolTable,
  sortItems,
  symbolTable,
  tempDir,
  vaultHome,
  WEB_TOKEN,
} from "@vault-cli/test-support";
import { expect } from "vitest";
import { type ExplainJson, explainedHop } from "./explain-hops.js";
import { ACCOUNT, MotoIdentities, PROCESS_ROLE } from "./moto-identity.js";
import { assumeRole, createUser, readWire, type WireCall } from "./moto-wire.js";
import type { Keys } from "./sigv4.js";

const OTHER_ACCOUNT = "210987654321";
const PROGRAMS: readonly FixtureName[] = ["token-process", "credential-process"];

export interface RunResult {
  readonly run: Run;
  /** The final credentials: from the exec'd command's environment, or export's JSON. */
  readonly creds: Keys & { expiration?: string | undefined };
  /** The credential-making calls (GetCallerIdentity probes excluded), in order. */
  readonly sts: WireCall[];
  /** exec only: the GetCallerIdentity the AWS CLI made with the credentials it was given, and its answer. */
  readonly probe?: { readonly call: WireCall; readonly arn: string } | undefined;
  readonly mfaRuns: number;
  /** Helper programs run (FixtureNames). */
  readonly processes: string[];
}

const PROBE = `#!/bin/sh
# exec's command: save the environment exec built, then (with "call") let the AWS CLI use it.
"${process.execPath}" -e 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.env))' "$1" || exit 97
if [ "$2" = call ]; then exec aws sts get-caller-identity --output json; fi
`;

export class RowRunner {
  private readonly symbols: SymbolTable;
  /** Whose credentials signed each call, or came out. */
  readonly who: MotoIdentities;
  private readonly home: ReturnType<typeof vaultHome>;

  private constructor(
    private readonly moto: Moto,
    readonly row: Row,
    /** The IAM user keys stored under each of the row's `stored` profiles (one user per profile). */
    readonly users: ReadonlyMap<string, Keys>,
    processKeys: Keys,
    private readonly dir: string,
  ) {
    this.symbols = symbolTable({
      accounts: { main: ACCOUNT, other: OTHER_ACCOUNT },
      mfa: { M: `arn:aws:iam::${ACCOUNT}:mfa/jon`, M2: `arn:aws:iam::${ACCOUNT}:mfa/jon-second-device` },
      fixtures: {
        "token-file": join(dir, "token"),
        "token-process": join(dir, "token-process.sh"),
        "credential-process": join(dir, "credential-process.sh"),
      },
    });
    this.who = new MotoIdentities(moto.url, this.symbols, users, processKeys);
    this.home = vaultHome(moto.url, profilesIni(this.symbols.profiles(row)));
  }

  /** Fresh moto state, an IAM user per stored profile, the fixtures, the stored keys; recording emptied. */
  static async start(moto: Moto, row: Row): Promise<RowRunner> {
    await moto.reset();
    const users = new Map<string, Keys>();
    for (const profile of row.stored) users.set(profile, await createUser(moto.url, profile));
    const dir = tempDir("decision");
    const processKeys = await writeFixtures(dir, moto.url);
    const runner = new RowRunner(moto, row, users, processKeys, dir);
    for (const [profile, keys] of users) {
      const add = runner.home.vault(["add", "--env", profile], {
        AWS_ACCESS_KEY_ID: keys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      });
      expect(add.stderr).toBe("");
      expect(add.code).toBe(0);
    }
    await fetch(`${moto.url}/moto-api/recorder/reset-recording`, { method: "POST" });
    return runner;
  }

  cleanUp(): void {
    rmSync(this.home.home, { recursive: true, force: true });
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The built binary in this home, with `command`'s env. */
  vault(args: readonly string[], command: Row = this.row): Run {
    return this.home.vault(args, { ...command.env });
  }

  /** `command`'s exec or export (`callAws`: exec's command is a real AWS CLI GetCallerIdentity). */
  async runCommand(command: Row, callAws: boolean): Promise<RunResult> {
    const envFile = join(this.dir, "exec-env.json");
    rmSync(envFile, { force: true });
    const { run, calls, ...counts } = this.measure(() => this.command(command, envFile, callAws));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const probeCalls = calls.filter((call) => call.action === "GetCallerIdentity");
    let creds: RunResult["creds"];
    let probe: RunResult["probe"];
    if (command.command === "exec") {
      const env = JSON.parse(readFileSync(envFile, "utf8")) as Record<string, string | undefined>;
      creds = {
        accessKeyId: env.AWS_ACCESS_KEY_ID!,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
        sessionToken: env.AWS_SESSION_TOKEN,
        expiration: env.AWS_CREDENTIAL_EXPIRATION,
      };
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
    return { run, creds, sts: calls.filter((call) => call.action !== "GetCallerIdentity"), probe, ...counts };
  }

  /** `command` as it fails: what it printed, and what it did on the way (nothing, when it refuses). */
  runRefused(command: Row) {
    const envFile = join(this.dir, "exec-env.json");
    return this.measure(() => this.command(command, envFile, false));
  }

  /** Runs `fn`, and tells what went to moto and which programs ran meanwhile. */
  private measure(fn: () => Run) {
    const mark = { wire: this.wire().length, mfa: this.home.mfaRuns(), programs: this.programRuns() };
    const run = fn();
    const programs = this.programRuns();
    return {
      run,
      calls: this.wire().slice(mark.wire),
      mfaRuns: this.home.mfaRuns() - mark.mfa,
      processes: PROGRAMS.flatMap((name) => Array<string>(programs[name]! - mark.programs[name]!).fill(name)),
    };
  }

  /** Runs `command` as exec (its command the probe) or as `export --format=json`. */
  private command(command: Row, envFile: string, callAws: boolean): Run {
    const { noSession, duration, mfaToken } = command.options ?? {};
    const flags = [
      ...(duration ? ["-d", duration] : []),
      ...(noSession ? ["--no-session"] : []),
      ...(mfaToken ? ["--mfa-token", mfaToken] : []),
    ];
    const probe = [PROBE_FILE(this.dir), envFile, callAws ? "call" : "no-call"];
    return command.command === "exec"
      ? this.vault(["exec", ...flags, command.target, "--", ...probe], command)
      : this.vault(["export", "--format=json", ...flags, command.target], command);
  }

  private wire(): WireCall[] {
    return readWire(this.moto.recordFile!);
  }

  /** How many times each helper program has run. */
  private programRuns(): Record<string, number> {
    const runs = (name: string) => {
      try {
        return readFileSync(join(this.dir, `${name}.log`), "utf8")
          .split("\n")
          .filter(Boolean).length;
      } catch {
        return 0;
      }
    };
    return Object.fromEntries(PROGRAMS.map((name) => [name, runs(name)]));
  }

  /** The session items in the file keystore and whose credentials each holds. */
  async items(): Promise<Item[]> {
    const keystore = this.home.keystore();
    const found: Item[] = [];
    for (const key of await keystore.keys()) {
      const slot = parseSessionKey(key);
      if (!slot) continue;
      const credentials = decodeSessionCredentials((await keystore.get(key))!);
      found.push({
        type: slot.type as SessionType,
        profile: slot.profile,
        serial: this.symbols.mfaName(slot.serial),
        holds: await this.who.whose(credentials),
      });
    }
    return sortItems(found);
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

  /** `vault-cli explain --json` for `command` (same flags and env; explain takes no --mfa-token). */
  explain(command: Row = this.row) {
    const { noSession, duration } = command.options ?? {};
    const flags = [...(duration ? ["-d", duration] : []), ...(noSession ? ["--no-session"] : [])];
    const r = this.vault(["explain", "--json", ...flags, command.target], command);
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout) as ExplainJson;
    return {
      hops: json.hops.map((hop) => explainedHop(hop, this.symbols)),
      warnings: json.warnings.map((warning) => warning.code),
    };
  }
}

const PROBE_FILE = (dir: string) => join(dir, "probe.sh");

/** The row's profiles as ~/.aws/config text, each with a region and the counting mfa_process (`$MFA`). */
function profilesIni(profiles: Record<string, Record<string, string>>): string {
  return Object.entries(profiles)
    .map(([name, keys]) => {
      const lines = Object.entries({ region: "us-east-1", mfa_process: "$MFA", ...keys });
      return `[profile ${name}]\n${lines.map(([k, v]) => `${k} = ${v}`).join("\n")}\n`;
    })
    .join("\n");
}

/**
 * exec's probe, the web identity token, and the two helper programs (each logs its runs); credential_process
 * prints a session moto knows, so its identity can be told. Returns those credentials.
 */
async function writeFixtures(dir: string, motoUrl: string): Promise<Keys> {
  writeFileSync(PROBE_FILE(dir), PROBE);
  chmodSync(PROBE_FILE(dir), 0o755);
  writeFileSync(join(dir, "token"), WEB_TOKEN);
  const session = await assumeRole(motoUrl, `arn:aws:iam::${ACCOUNT}:role/${PROCESS_ROLE}`);
  const json = {
    Version: 1,
    AccessKeyId: session.accessKeyId,
    SecretAccessKey: session.secretAccessKey,
    SessionToken: session.sessionToken,
    Expiration: new Date(session.expiration).toISOString(),
  };
  writeFileSync(join(dir, "creds.json"), JSON.stringify(json));
  const program = (name: string, output: string) =>
    writeFileSync(join(dir, `${name}.sh`), `#!/bin/sh\necho run >> "${dir}/${name}.log"\ncat "${output}"\n`, {
      mode: 0o755,
    });
  program("token-process", join(dir, "token"));
  program("credential-process", join(dir, "creds.json"));
  const { accessKeyId, secretAccessKey, sessionToken } = session;
  return { accessKeyId, secretAccessKey, sessionToken };
}
