import { type CredentialPlan, formatGoDuration, type Hop } from "@vault-cli/core";

/** A plan on one line, for --debug: `'prod': stored 'jon' -> GetSessionToken 'jon' (8h, MFA code) -> ...`. */
export function describePlan(plan: CredentialPlan): string {
  return `'${plan.target}': ${plan.hops.map(describeHop).join(" -> ")}`;
}

function describeHop(hop: Hop): string {
  const details: string[] = [];
  if ("durationSeconds" in hop) details.push(formatGoDuration(hop.durationSeconds));
  if ("mfa" in hop && hop.mfa.kind !== "none") details.push(`MFA ${hop.mfa.kind}`);
  const shown = details.length > 0 ? ` (${details.join(", ")})` : "";
  const role = "roleArn" in hop ? ` ${hop.roleArn}` : "";
  return `${hop.kind}${role} '${hop.profile}'${shown}`;
}
