import { formatGoDuration } from "./parse-duration.js";
import { addStepHop, cacheSlot, flushNotes, hopBase, mfaCode, type PlanState } from "./plan-state.js";
import type { AssumeRoleHop, MfaUse } from "./types.js";

/** AWS refuses more than 1 hour for AssumeRole called with session credentials ("role chaining"). */
const ROLE_CHAINING_MAX_SECONDS = 3600;

/**
 * ByteNess v7.13.5 `getSourceCredWithSession` for chain[index], once its source's hops are planned:
 * maybe a GetSessionToken on long-term keys, then AssumeRole when the profile has a role_arn.
 */
export function planSessionStep(state: PlanState, index: number): void {
  const profile = state.chain[index]!;
  const source = state.chain[index + 1];
  if (source !== undefined) {
    state.pending.push(`profile ${profile.name}: sourcing credentials from profile ${source.name}`);
  }
  state.mfaProcess = profile.mfaProcess ?? state.mfaProcess;
  primeWithSessionToken(state, index);
  if (profile.roleArn !== undefined) assumeRole(state, index, profile.roleArn);
  flushNotes(state);
}

function primeWithSessionToken(state: PlanState, index: number): void {
  const profile = state.chain[index]!;
  const isSourceForRole = state.chain[index - 1]?.roleArn !== undefined;
  const shouldPrime = (profile.roleArn === undefined || isSourceForRole) && !keepsFullDuration(state, index);
  if (!shouldPrime || state.output !== "long-term") return;
  const refusal = sessionTokenRefusal(state, index);
  if (refusal !== undefined) {
    state.pending.push(`profile ${profile.name}: skipping GetSessionToken because ${refusal}`);
    return;
  }
  const serial = profile.mfaSerial ?? "";
  state.chainedMfa = serial;
  state.pending.push(`profile ${profile.name}: using GetSessionToken${serial ? " (with MFA)" : ""}`);
  const field = index > 0 ? "chainedSessionTokenDurationSeconds" : "sessionTokenDurationSeconds";
  addStepHop(state, {
    kind: "GetSessionToken",
    ...hopBase(profile),
    mfa: mfaCode(serial, state),
    durationSeconds: profile[field],
    durationOrigin: profile.origins[field] ?? "default",
    cache: cacheSlot("sts.GetSessionToken", profile.name, serial, true),
  });
  state.output = "session";
}

/** A single role from here to the target that asks for more than 1h is assumed from long-term keys. */
function keepsFullDuration(state: PlanState, index: number): boolean {
  const roles = state.chain.slice(0, index + 1).filter((profile) => profile.roleArn !== undefined);
  return roles.length === 1 && roles[0]!.assumeRoleDurationSeconds > ROLE_CHAINING_MAX_SECONDS;
}

/** aws-vault's `canUseGetSessionToken`, minus the 99designs-only duration rule; its reason in its words. */
function sessionTokenRefusal(state: PlanState, index: number): string | undefined {
  if (state.options.noSession) return "sessions are disabled";
  if (state.options.noSessionForTarget && index === 0) return "sessions are disabled for this profile";
  const profile = state.chain[index]!;
  const chainedFrom = state.chain[index - 1];
  if (chainedFrom === undefined) return undefined;
  if (!chainedFrom.mfaSerial) return `profile '${chainedFrom.name}' has no MFA serial defined`;
  if (!profile.mfaSerial) return `profile '${profile.name}' has no MFA serial defined`;
  return chainedFrom.mfaSerial === profile.mfaSerial
    ? undefined
    : `MFA serial doesn't match profile '${chainedFrom.name}'`;
}

function assumeRole(state: PlanState, index: number, roleArn: string): void {
  const profile = state.chain[index]!;
  const durations = chainingCap(state, index);
  const serial = profile.mfaSerial ?? "";
  const mfa: MfaUse =
    serial !== "" && serial === state.chainedMfa ? { kind: "chained", serial } : mfaCode(serial, state);
  const details = mfa.kind === "chained" ? " (chained MFA)" : mfa.kind === "code" ? " (with MFA)" : "";
  state.pending.push(`profile ${profile.name}: using AssumeRole${details}`);
  addStepHop(state, {
    kind: "AssumeRole",
    ...hopBase(profile),
    roleArn,
    roleSessionName: profile.roleSessionName,
    externalId: profile.externalId,
    sourceIdentity: profile.sourceIdentity,
    sessionTags: profile.sessionTags,
    transitiveSessionTags: profile.transitiveSessionTags,
    mfa,
    ...durations,
    durationOrigin: profile.origins.assumeRoleDurationSeconds ?? "default",
    // aws-vault caches a role only when it sent a fresh MFA code; vault-cli caches every role.
    cache: cacheSlot("sts.AssumeRole", profile.name, serial, mfa.kind === "code"),
  });
  state.output = "session";
}

/** ByteNess `capAssumeRoleDurationIfChained`: session credentials can only assume a role for 1 hour. */
function chainingCap(
  state: PlanState,
  index: number,
): Pick<AssumeRoleHop, "durationSeconds" | "cappedFromSeconds"> {
  const profile = state.chain[index]!;
  const requested = profile.assumeRoleDurationSeconds;
  const chaining = state.output === "session";
  if (!chaining || requested <= ROLE_CHAINING_MAX_SECONDS) return { durationSeconds: requested };
  state.pending.push(
    `profile ${profile.name}: capping AssumeRole duration from ${formatGoDuration(requested)} to AWS maximum ` +
      `${formatGoDuration(ROLE_CHAINING_MAX_SECONDS)} for role chaining`,
  );
  return { durationSeconds: ROLE_CHAINING_MAX_SECONDS, cappedFromSeconds: requested };
}
