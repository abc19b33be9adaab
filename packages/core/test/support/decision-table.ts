import { type Row, symbolTable } from "@vault-cli/test-support";
import { parseGoDuration } from "../../src/chain/parse-duration.js";
import { planCredentials } from "../../src/chain/plan-credentials.js";
import type { ResolveOptions } from "../../src/chain/types.js";
import { buildConfig, type ConfigSpec } from "./config-builder.js";

/** The decision table's names at the plan and engine levels (any accounts do; moto has its own). */
export const CORE_SYMBOLS = symbolTable({
  accounts: { main: "222222222222", other: "333333333333" },
  mfa: { M: "arn:aws:iam::111111111111:mfa/jon", M2: "arn:aws:iam::111111111111:mfa/other" },
  fixtures: {
    "token-file": "/var/run/token",
    "token-process": "get-token",
    "credential-process": "get-creds",
  },
});

/** A row's profiles as a ConfigSpec. */
export function rowConfig(row: Row): ConfigSpec {
  const profiles = CORE_SYMBOLS.profiles(row);
  return Object.fromEntries(Object.entries(profiles).map(([name, keys]) => [`profile ${name}`, keys]));
}

/** The command line of `run` (options, env; login keeps the target from GetSessionToken) for the planner. */
export function resolveOptions(run: Row): ResolveOptions {
  const { noSession, duration } = run.options ?? {};
  return {
    ...(noSession ? { noSession } : {}),
    ...(duration ? { durationSeconds: parseGoDuration(duration)! } : {}),
    ...(run.env ? { env: run.env } : {}),
    ...(run.command === "login" ? { noSessionForTarget: true } : {}),
  };
}

/** Plans `run`'s command (default: the row's own) in `row`'s config and keystore. */
export function planRow(row: Row, run: Row = row) {
  return planCredentials(buildConfig(rowConfig(row)), run.target, {
    storedProfiles: new Set(row.stored),
    ...resolveOptions(run),
  });
}
