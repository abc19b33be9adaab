import type { AwsConfig } from "@vault-cli/core";
import { configFilePath, readConfigFile } from "@vault-cli/sdk-provider";
import type { CliIo } from "./io.js";

export function loadConfig(io: CliIo): AwsConfig {
  return readConfigFile(configFilePath(io.env, io.homedir));
}
