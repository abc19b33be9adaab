/**
 * node:crypto when it is first used, not when a module is loaded: `list` and `explain` read no secret, and loading
 * it (with the streams it pulls in) costs every start about 2 ms (docs/performance.md).
 */
export const nodeCrypto = () => process.getBuiltinModule("node:crypto");
