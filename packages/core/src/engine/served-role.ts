import type { CredentialPlan } from "../chain/types.js";
import type { AssumeRoleInput, AwsCredentials, Clock } from "./ports.js";
import { defaultRoleSessionName } from "./role-session-name.js";

/** A role's session when the served profile names no duration of its own: aws-vault's AssumeRole default. */
const DEFAULT_SERVED_ROLE_SECONDS = 3600;

/**
 * aws-vault's ECS `/role-arn/<arn>` route: AssumeRole of `roleArn` signed with the served profile's
 * credentials, through the profile's STS endpoint and region, for the profile's own role duration (1h when it
 * is no role). No MFA, external id or tags: those belong to the profile's own role, not to this one.
 */
export function servedRoleInput(
  plan: CredentialPlan,
  roleArn: string,
  credentials: AwsCredentials,
  clock: Clock,
): AssumeRoleInput {
  const last = plan.hops.at(-1) ?? plan.hops[0];
  return {
    profile: plan.target,
    region: last.region,
    endpointUrl: last.endpointUrl,
    stsRegionalEndpoints: last.stsRegionalEndpoints,
    credentials,
    roleArn,
    roleSessionName: defaultRoleSessionName(clock),
    durationSeconds: last.kind === "AssumeRole" ? last.durationSeconds : DEFAULT_SERVED_ROLE_SECONDS,
  };
}
