export type { MemoryItem, MemoryKeystore } from "./memory-keystore.js";
export { memoryKeystore } from "./memory-keystore.js";
