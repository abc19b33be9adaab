export { configFilePath } from "./node/config-file-path.js";
export { readConfigFile } from "./node/read-config-file.js";
