export {
  profilesFeeding,
  profilesWithoutCredentialSource,
  sourceProfileOf,
  ssoStartUrlOf,
} from "./config-queries.js";
export { formatGoDuration, parseGoDuration } from "./parse-duration.js";
export { parseSessionTags, parseTransitiveTags, type TagSource } from "./parse-session-tags.js";
export { planCredentials } from "./plan-credentials.js";
export { ROLE_CHAINING_MAX_SECONDS } from "./plan-session-step.js";
export { DEFAULT_DURATIONS } from "./resolve-durations.js";
export { resolveProfile } from "./resolve-profile.js";
export { resolveSourceChain } from "./resolve-source-chain.js";
export { didYouMean, suggestName } from "./suggest-name.js";
