import { planCredentials } from "../../src/chain/plan-credentials.js";
import type { ResolveOptions } from "../../src/chain/types.js";
import type { EngineDeps, EngineOptions } from "../../src/engine/engine-types.js";
import { createEngine } from "../../src/engine/get-credentials.js";
import { VaultError } from "../../src/errors.js";
import { encodeMasterCredentials } from "../../src/keystore/master-credentials.js";
import { fakeClock } from "../../src/testing/fake-clock.js";
import { fakeRunProcess } from "../../src/testing/fake-run-process.js";
import { type FakeSsoOptions, fakeSso } from "../../src/testing/fake-sso.js";
import { fakeSts, type StsCall } from "../../src/testing/fake-sts.js";
import { memoryKeystore } from "../../src/testing/memory-keystore.js";
import { memoryLock } from "../../src/testing/memory-lock.js";
import { scriptedMfa } from "../../src/testing/scripted-mfa.js";
import { buildConfig, type ConfigSpec } from "../support/config-builder.js";

export const START = "2026-01-01T00:00:00Z";
export const HOUR_MS = 3_600_000;

export interface HarnessOptions {
  /** Profiles with long-term keys (`AKIA<name>` / `secret-<name>`). */
  readonly stored?: readonly string[];
  /** MFA codes the prompt answers, in order. */
  readonly codes?: readonly (string | Error)[];
  readonly processes?: Readonly<Record<string, string | Error>>;
  readonly files?: Readonly<Record<string, string>>;
  readonly extraItems?: Readonly<Record<string, string>>;
  readonly sso?: Omit<FakeSsoOptions, "clock">;
  /** Files of the AWS CLI's SSO cache, by the name it hashes (sso-session name or start URL). */
  readonly awsCliTokens?: Record<string, string>;
  readonly env?: Readonly<Record<string, string>>;
}

export interface RunOptions extends Partial<EngineOptions> {
  readonly resolve?: ResolveOptions;
}

/** Fakes wired to one config; `get` plans and runs as `exec <target>` would. */
export function harness(spec: ConfigSpec, options: HarnessOptions = {}) {
  const stored = options.stored ?? ["U"];
  const master = stored.map((name) => [name, masterItem(name)] as const);
  const clock = fakeClock(START);
  const keystore = memoryKeystore([...master, ...Object.entries(options.extraItems ?? {})]);
  const sts = fakeSts({ clock });
  const mfaPrompt = scriptedMfa(options.codes ?? []);
  const runProcess = fakeRunProcess(options.processes ?? {});
  const files = options.files ?? {};
  const readTextFile = async (path: string) => {
    if (Object.hasOwn(files, path)) return files[path]!;
    throw new VaultError("PROCESS_FAILED", `unable to read file at ${path}`);
  };
  const sso = fakeSso({ clock, ...options.sso });
  const awsCliFiles = options.awsCliTokens ?? {};
  const deps: EngineDeps = {
    keystore,
    sts,
    sso,
    ssoLogin: sso.prompt,
    listenForAuthorization: sso.listen,
    sleep: sso.sleep,
    awsCliTokens: {
      read: async (name) => awsCliFiles[name],
      write: async (name, text) => {
        awsCliFiles[name] = text;
      },
    },
    clock,
    mfaPrompt,
    lock: memoryLock(),
    runProcess,
    readTextFile,
    env: { HOME: "/home/test", ...options.env },
  };
  let config = buildConfig(spec);
  const plan = (target: string, resolve: ResolveOptions = {}) =>
    planCredentials(config, target, { storedProfiles: new Set(stored), ...resolve });
  // One engine, as one CLI run or one fromVault memo has: concurrent gets share its single flight.
  const engine = createEngine(deps);
  const get = (target: string, { resolve, ...options }: RunOptions = {}) =>
    engine.getCredentials(plan(target, resolve), { minTtlSeconds: 300, ...options });
  return {
    clock,
    keystore,
    sts,
    sso,
    awsCliFiles,
    mfaPrompt,
    runProcess,
    deps,
    plan,
    get,
    /** Replaces the config, as an edit of ~/.aws/config between two runs. */
    edit(next: ConfigSpec) {
      config = buildConfig(next);
    },
    /** STS calls as `Action profile [mfa serial:code] <- key used`, to compare as plain strings. */
    calls: () => sts.calls.map(describeCall),
    sessionKeys: async () => (await keystore.keys()).filter((key) => key.includes(",")),
  };
}

function masterItem(name: string): string {
  return encodeMasterCredentials({ accessKeyId: `AKIA${name}`, secretAccessKey: `secret-${name}` });
}

function describeCall(call: StsCall): string {
  const mfa = call.mfa ? ` [${call.mfa.serialNumber}:${call.mfa.tokenCode}]` : "";
  const from = call.credentialsUsed ? ` <- ${call.credentialsUsed}` : "";
  const role = call.roleArn ? ` ${call.roleArn.split("/").at(-1)}` : "";
  return `${call.action} ${call.profile}${role} ${call.durationSeconds}s${mfa}${from}`;
}
