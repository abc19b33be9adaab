import type { SessionType } from "@vault-cli/core";
import { type HopShape, type SymbolTable, withoutUndefined } from "@vault-cli/test-support";
import { expect } from "vitest";

/** The parts of `explain --json` (docs/explain-json.md) the decision table reads. */
export interface ExplainJson {
  readonly hops: readonly ExplainHop[];
  readonly warnings: readonly { readonly code: string }[];
}

export interface ExplainHop {
  readonly kind: HopShape["kind"];
  readonly profile: string;
  readonly roleArn: string | null;
  readonly mfa: "none" | "code" | "chained";
  readonly mfaSerial: string | null;
  readonly mfaVia: "prompt" | "mfa_process" | null;
  readonly durationSeconds: number | null;
  readonly cappedFromSeconds: number | null;
  readonly roleSessionName: string | null;
  readonly command: string | null;
  readonly webIdentityTokenProcess: string | null;
  readonly cacheKey: string | null;
  readonly cacheType: SessionType | null;
  readonly sharedWithAwsVault: boolean | null;
  readonly notes: readonly string[];
}

/** A hop `explain --json` printed, in the decision table's words. */
export function explainedHop(hop: ExplainHop, symbols: SymbolTable): HopShape {
  // Every profile of the moto configs has an mfa_process: codes come from it, never from a prompt.
  if (hop.mfa === "code") expect(hop.mfaVia).toBe("mfa_process");
  const program = hop.command ?? hop.webIdentityTokenProcess;
  return withoutUndefined({
    kind: hop.kind,
    profile: hop.profile,
    role: hop.roleArn === null ? undefined : symbols.roleName(hop.roleArn),
    mfa:
      hop.mfa === "none" ? { kind: "none" } : { kind: hop.mfa, serial: symbols.mfaName(hop.mfaSerial ?? "") },
    durationSeconds: hop.durationSeconds ?? undefined,
    cappedFromSeconds: hop.cappedFromSeconds ?? undefined,
    sessionName: hop.roleSessionName ?? undefined,
    process: program === null ? undefined : symbols.fixtureName(program),
    cache: cacheSlot(hop, symbols),
    notes: hop.notes,
  });
}

/** The slot from the item key explain shows: `<type>,<b64url profile>,<b64url serial>,<expiry>`. */
function cacheSlot(hop: ExplainHop, symbols: SymbolTable): HopShape["cache"] {
  if (hop.cacheKey === null || hop.cacheType === null) return undefined;
  const [type, profile = "", serial = ""] = hop.cacheKey.split(",");
  expect(type).toBe(hop.cacheType);
  const text = (field: string) => Buffer.from(field, "base64url").toString("utf8");
  return {
    type: hop.cacheType,
    profile: text(profile),
    serial: symbols.mfaName(text(serial)),
    shared: hop.sharedWithAwsVault === true,
  };
}
