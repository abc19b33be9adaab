import { memoryKeystore } from "@vault-cli/core/testing";
import { runKeystoreContract } from "./contract.js";

runKeystoreContract("memory", () => memoryKeystore());
