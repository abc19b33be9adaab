export {
  profilesFeeding,
  profilesSourcedFrom,
  profilesWithoutCredentialSource,
  sourceProfileOf,
  ssoStartUrlOf,
} from "./config-queries.js";
export { formatGoDuration, parseGoDuration } from "./parse-duration.js";
export { parseSessionTags, parseTransitiveTags, type TagSource } from "./parse-session-tags.js";
export { planCredentials } from "./plan-credentials.js";
export { resolveProfile } from "./resolve-profile.js";
export { didYouMean, suggestName } from "./suggest-name.js";
