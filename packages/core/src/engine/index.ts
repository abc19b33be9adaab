export type { EngineDeps, EngineOptions } from "./engine-types.js";
export { DEFAULT_MIN_TTL_SECONDS } from "./engine-types.js";
export type { Engine } from "./get-credentials.js";
export { createEngine } from "./get-credentials.js";
export type * from "./ports.js";
export { servedRoleInput } from "./served-role.js";
