import type { ConfigWarning } from "../config/types.js";
import { VaultError } from "../errors.js";
import { envLocation, formatLocation } from "./config-setting.js";
import { formatGoDuration, parseGoDuration } from "./parse-duration.js";
import type { RawSetting, RawSettings } from "./raw-settings.js";
import type { Env, ResolveOptions } from "./types.js";

/** aws-vault's built-in lifetimes, used when no flag, env variable or duration_seconds says otherwise. */
const DEFAULT_DURATIONS = {
  /** GetSessionToken for the target profile. */
  sessionTokenSeconds: 3600,
  /** GetSessionToken for a profile that is the source of another ("chained", the shared MFA session). */
  chainedSessionTokenSeconds: 8 * 3600,
  /** AssumeRole and AssumeRoleWithWebIdentity. */
  assumeRoleSeconds: 3600,
} as const;

interface ResolvedDuration {
  readonly seconds: number;
  readonly origin: string;
}

interface ResolvedDurations {
  readonly sessionToken: ResolvedDuration;
  readonly chainedSessionToken: ResolvedDuration;
  readonly assumeRole: ResolvedDuration;
}

/** Applies `--duration` > TTL env variable > duration_seconds (AssumeRole only) > built-in default. */
export function resolveDurations(
  raw: RawSettings,
  profile: string,
  options: ResolveOptions,
  warnings: ConfigWarning[],
): ResolvedDurations {
  const pick = (variable: string, fallback: number, configured?: ResolvedDuration): ResolvedDuration => {
    if (options.durationSeconds !== undefined)
      return { seconds: options.durationSeconds, origin: "flag:--duration" };
    const fromEnv = envDuration(options.env ?? {}, variable, warnings);
    return fromEnv ?? configured ?? { seconds: fallback, origin: "default" };
  };
  return {
    sessionToken: pick("AWS_SESSION_TOKEN_TTL", DEFAULT_DURATIONS.sessionTokenSeconds),
    chainedSessionToken: pick("AWS_CHAINED_SESSION_TOKEN_TTL", DEFAULT_DURATIONS.chainedSessionTokenSeconds),
    assumeRole: pick(
      "AWS_ASSUME_ROLE_TTL",
      DEFAULT_DURATIONS.assumeRoleSeconds,
      durationSetting(raw, profile),
    ),
  };
}

/** A TTL variable as whole seconds; an unusable value is ignored with a warning (aws-vault ignores it silently). */
function envDuration(env: Env, variable: string, warnings: ConfigWarning[]): ResolvedDuration | undefined {
  const text = env[variable] ?? "";
  if (text === "") return undefined;
  const seconds = Math.floor(parseGoDuration(text) ?? 0);
  if (seconds >= 1) return { seconds, origin: `env:${variable}` };
  warnings.push({
    ...envLocation(variable),
    code: "invalid-env",
    message: `${variable} '${text}' is not a positive Go duration such as 1h, 90m or 43200s; ignored`,
  });
  return undefined;
}

/** duration_seconds must be a whole number of seconds; 0 means unset, as in aws-vault. */
function durationSetting(raw: RawSettings, profile: string): ResolvedDuration | undefined {
  const setting = raw.get("duration_seconds");
  if (setting === undefined) return undefined;
  if (!/^\d+$/.test(setting.value)) {
    throw new VaultError(
      "CONFIG_INVALID_SETTING",
      `duration_seconds of profile '${profile}'${where(setting)} must be a whole number of seconds, not '${setting.value}'`,
      { location: setting.location, profile },
    );
  }
  const seconds = Number(setting.value);
  if (!Number.isSafeInteger(seconds) || seconds > MAX_DURATION_SECONDS) {
    throw new VaultError(
      "CONFIG_INVALID_SETTING",
      `duration_seconds of profile '${profile}'${where(setting)} is ${setting.value}: AWS allows at most 43200 (12h)`,
      { location: setting.location, profile },
    );
  }
  return seconds === 0 ? undefined : { seconds, origin: setting.origin };
}

/** The longest session STS grants a role (MaxSessionDuration is at most 12 hours). */
const MAX_DURATION_SECONDS = 43_200;

/** The shortest session STS grants: GetSessionToken, AssumeRole and AssumeRoleWithWebIdentity alike. */
const MIN_DURATION_SECONDS = 900;

/**
 * Refuses, before any call, a hop that would ask STS for less than its minimum, naming where the duration came
 * from (`--duration`, a TTL variable, duration_seconds at a file and line).
 */
export function checkMinimumDuration(call: string, profile: string, seconds: number, origin: string): void {
  if (seconds >= MIN_DURATION_SECONDS) return;
  const from = origin.startsWith("flag:")
    ? origin.slice("flag:".length)
    : origin.startsWith("env:")
      ? origin.slice("env:".length)
      : `duration_seconds at ${origin}`;
  throw new VaultError(
    "CONFIG_INVALID_SETTING",
    `${call} of profile '${profile}' would last ${formatGoDuration(seconds)} (${from}): AWS allows at least ` +
      `${formatGoDuration(MIN_DURATION_SECONDS)}`,
    { profile, data: { origin } },
  );
}

function where(setting: RawSetting): string {
  return setting.location ? ` at ${formatLocation(setting.location)}` : "";
}
