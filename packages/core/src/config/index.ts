export { appendProfileSection } from "./append-profile-section.js";
export { configWarningsFor, lazyAwsConfig } from "./lazy-aws-config.js";
export { parseAwsConfig } from "./parse-aws-config.js";
export { parseIni } from "./parse-ini.js";
export { readAwsConfig } from "./read-aws-config.js";
