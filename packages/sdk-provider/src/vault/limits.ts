import { type Env, formatGoDuration, parseGoDuration, VaultError } from "@vault-cli/core";

/**
 * Every bound vault-cli puts on what it waits for or reads from outside, with its default and the variable
 * that changes it (docs/reliability.md lists them with the tests that cover them). Errors that hit a limit
 * name it: `... within 30s (VAULT_CLI_STS_TIMEOUT)`.
 */
export interface Limits {
  /** One STS call, retries included. */
  readonly stsTimeoutMs: number;
  /** Opening the connection to STS, per attempt. */
  readonly stsConnectTimeoutMs: number;
  /** mfa_process, credential_process and web_identity_token_process, each run. */
  readonly processTimeoutMs: number;
  /** What such a process may print on stdout. */
  readonly processOutputBytes: number;
  /** Waiting for another vault-cli that holds the lock of the same cache item. */
  readonly lockTimeoutMs: number;
  /** `rotate`: waiting for IAM to let a new key work, and to delete the old one. */
  readonly rotateWaitMs: number;
}

interface LimitSpec {
  readonly key: keyof Limits;
  readonly variable: string;
  readonly default: number;
  readonly unit: "ms" | "bytes";
  /** The smallest and largest values that make sense (Node's timers overflow past 24.8 days). */
  readonly min: number;
  readonly max: number;
}

const DAY_MS = 24 * 3_600_000;

export const LIMITS: readonly LimitSpec[] = [
  {
    key: "stsTimeoutMs",
    variable: "VAULT_CLI_STS_TIMEOUT",
    default: 30_000,
    unit: "ms",
    min: 100,
    max: DAY_MS,
  },
  {
    key: "stsConnectTimeoutMs",
    variable: "VAULT_CLI_STS_CONNECT_TIMEOUT",
    default: 5_000,
    unit: "ms",
    min: 100,
    max: DAY_MS,
  },
  {
    key: "processTimeoutMs",
    variable: "VAULT_CLI_PROCESS_TIMEOUT",
    default: 300_000,
    unit: "ms",
    min: 100,
    max: DAY_MS,
  },
  {
    key: "processOutputBytes",
    variable: "VAULT_CLI_PROCESS_OUTPUT_MAX",
    default: 1 << 20,
    unit: "bytes",
    min: 1024,
    max: 1 << 30,
  },
  {
    key: "lockTimeoutMs",
    variable: "VAULT_CLI_LOCK_TIMEOUT",
    default: 120_000,
    unit: "ms",
    min: 100,
    max: DAY_MS,
  },
  {
    key: "rotateWaitMs",
    variable: "VAULT_CLI_ROTATE_WAIT",
    default: 60_000,
    unit: "ms",
    min: 100,
    max: DAY_MS,
  },
];

/** The limits for `env`: each variable is a Go duration (`30s`, `2m`) or a byte count; a bad one is an error. */
export function limitsFromEnv(env: Env): Limits {
  const limits: Record<string, number> = {};
  for (const spec of LIMITS) limits[spec.key] = readLimit(spec, env[spec.variable]);
  return limits as unknown as Limits;
}

function readLimit(spec: LimitSpec, text: string | undefined): number {
  if (text === undefined || text === "") return spec.default;
  const value = spec.unit === "ms" ? (parseGoDuration(text) ?? Number.NaN) * 1000 : Number(text);
  const whole = spec.unit === "ms" || Number.isInteger(value);
  if (!Number.isFinite(value) || value < spec.min || value > spec.max || !whole) {
    const expected = spec.unit === "ms" ? "a duration such as 30s or 2m" : "a whole number of bytes";
    const range = `from ${describeLimit(spec.min, spec.unit)} to ${describeLimit(spec.max, spec.unit)}`;
    throw new VaultError(
      "CONFIG_INVALID_SETTING",
      `${spec.variable} must be ${expected}, ${range}, not '${text}'`,
      { data: { variable: spec.variable } },
    );
  }
  return Math.round(value);
}

/** A limit in words: `30s`, `5m0s`, `1048576 bytes`. */
export function describeLimit(value: number, unit: "ms" | "bytes"): string {
  if (unit === "bytes") return `${value} bytes`;
  return value < 1000 ? `${value}ms` : formatGoDuration(value / 1000);
}
