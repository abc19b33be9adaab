export { agentKeyMaterial, askAgent } from "./agent-client.js";
export { type RunningAgent, type ServeAgentOptions, serveAgent } from "./agent-server.js";
export { agentSocketPath, ensureAgentDir } from "./agent-socket.js";
export { decodeMaterial, encodeMaterial } from "./agent-wire.js";
