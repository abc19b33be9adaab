import type { ConfigWarning } from "../config/types.js";
import { type SessionType, sessionKeyPrefix } from "../session/session-key.js";
import { checkMinimumDuration } from "./resolve-durations.js";
import type { CacheSlot, Hop, MfaUse, ResolvedProfile, ResolveOptions, SourceHop, StepHop } from "./types.js";

/** A hop as the planner builds it, before the notes gathered for its profile are attached. */
type WithoutNotes<H> = H extends Hop ? Omit<H, "notes"> : never;
/** A hop under construction: its notes grow while later profiles explain themselves. */
type Draft<H extends Hop> = H & { notes: string[] };

/** What planCredentials carries from the deepest source up to the target. */
export interface PlanState {
  /** Target first, deepest source last. */
  readonly chain: readonly ResolvedProfile[];
  readonly options: ResolveOptions;
  source: Draft<SourceHop> | undefined;
  readonly steps: Draft<StepHop>[];
  readonly warnings: ConfigWarning[];
  /** What the last hop hands on: long-term keys, STS session credentials, or SSO/process/web identity ones. */
  output: "long-term" | "session" | "other";
  /** Serial of the GetSessionToken made so far ("" if none or without MFA): roles with it skip the code. */
  chainedMfa: string;
  /** mfa_process of the profile being planned, inherited from its source when unset (ByteNess 7.12.1). */
  mfaProcess: string | undefined;
  /** Notes of the profile being planned, waiting for the first hop it adds. */
  readonly pending: string[];
}

const NO_MFA: MfaUse = { kind: "none" };

/** Sets hops[0], giving it the notes gathered so far for its profile. */
export function addSourceHop(state: PlanState, hop: WithoutNotes<SourceHop>): Draft<SourceHop> {
  state.source = { ...withoutUndefined(hop), notes: state.pending.splice(0) } as Draft<SourceHop>;
  return state.source;
}

/** Adds a GetSessionToken or AssumeRole, with the notes gathered so far; mfa_process only where a code is asked. */
export function addStepHop(state: PlanState, hop: WithoutNotes<StepHop>): void {
  checkMinimumDuration(hop.kind, hop.profile, hop.durationSeconds, hop.durationOrigin);
  const viaProcess = hop.mfa.kind === "code" && hop.mfa.via === "mfa_process";
  const mfaProcess = viaProcess ? state.mfaProcess : undefined;
  const draft = { ...withoutUndefined({ ...hop, mfaProcess }), notes: state.pending.splice(0) };
  state.steps.push(draft as Draft<StepHop>);
}

/** A profile that adds no hop (it passes its source's credentials on) leaves its notes on the last hop. */
export function flushNotes(state: PlanState): void {
  (state.steps.at(-1) ?? state.source)?.notes.push(...state.pending.splice(0));
}

/** Settings every hop takes from its own profile. */
export function hopBase(profile: ResolvedProfile) {
  return {
    profile: profile.name,
    region: profile.region,
    endpointUrl: profile.endpointUrl,
    stsRegionalEndpoints: profile.stsRegionalEndpoints,
  };
}

/** A fresh MFA code for `serial` (from mfa_process when the profile has one), or none without a serial. */
export function mfaCode(serial: string, state: PlanState): MfaUse {
  if (serial === "") return NO_MFA;
  return { kind: "code", serial, via: state.mfaProcess ? "mfa_process" : "prompt" };
}

export function cacheSlot(
  type: SessionType,
  profile: string,
  serial: string,
  sharedWithAwsVault: boolean,
): CacheSlot {
  return { type, profile, serial, keyPrefix: sessionKeyPrefix(type, profile, serial), sharedWithAwsVault };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
