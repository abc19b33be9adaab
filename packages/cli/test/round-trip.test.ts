import { describe, expect, it } from "vitest";
import { fileVault } from "./support/file-vault.js";
import { scriptedPrompt } from "./support/scripted-prompt.js";
import { ACCESS_KEY_ID, SECRET } from "./support/seed.js";
import { runCli, tempConfig } from "./support/test-io.js";

const table = (...rows: [string, string, string][]) =>
  [["Profile", "Credentials", "Sessions"], ["=======", "===========", "========"], ...rows]
    .map((cells) => `${cells.map((c) => c.padEnd(25)).join("")}\n`)
    .join("");

describe("add → list → remove → list, file backend", () => {
  it("stores, lists and removes credentials, adding the config sections on the way", async () => {
    const vault = fileVault();
    const files = tempConfig("[profile jon]\nregion = eu-west-1\n");
    const run = (argv: string[], answers: string[] = [], env: Record<string, string> = {}) =>
      runCli(argv, { ...files, env: { ...vault.env, ...env }, prompt: scriptedPrompt(answers).prompt });

    expect((await run(["add", "alice"], [ACCESS_KEY_ID, SECRET])).code).toBe(0);
    const envKeys = { AWS_ACCESS_KEY_ID: "AKIAOTHEREXAMPLE0002", AWS_SECRET_ACCESS_KEY: "other-secret" };
    expect((await run(["add", "--env", "jon"], [], envKeys)).stdout).toBe(
      'Added credentials to profile "jon" in vault\n',
    );
    expect((await run(["list"])).stdout).toBe(table(["jon", "jon", "-"], ["alice", "alice", "-"]));
    expect((await run(["list", "--profiles"])).stdout).toBe("jon\nalice\n");

    expect((await run(["remove", "alice"], ["yes"])).stdout).toBe("Deleted credentials.\n");
    expect((await run(["list"])).stdout).toBe(table(["jon", "jon", "-"], ["alice", "-", "-"]));
    expect((await run(["list", "--credentials"])).stdout).toBe("jon\n");
  });
});
