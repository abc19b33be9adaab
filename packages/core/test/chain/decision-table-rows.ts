import type { ConfigSpec } from "../support/config-builder.js";
import { R_ARN } from "./hop-shape.js";

// The decision table itself is data in packages/test-support/src/decision-table, run at every level. What is
// left here is the shape other engine tests start from: U (stored keys) and R sourced from U.

export const userAndRole = (userMfa?: string, roleMfa?: string): ConfigSpec => ({
  "profile U": userMfa ? { mfa_serial: userMfa } : {},
  "profile R": { role_arn: R_ARN, source_profile: "U", ...(roleMfa ? { mfa_serial: roleMfa } : {}) },
});
