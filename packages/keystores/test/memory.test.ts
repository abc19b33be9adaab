import { memoryKeystore } from "@vault-cli/core/testing";
import { runKeystoreContract } from "./contract.js";

// The in-memory fake that unit tests use keeps the same contract as the real backends.
runKeystoreContract("test fake: memory", () => memoryKeystore());
