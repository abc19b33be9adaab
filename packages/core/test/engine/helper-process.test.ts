import { describe, expect, it } from "vitest";
import { VaultError } from "../../src/errors.js";
import { harness } from "./engine-harness.js";

const failing = (command: string, error: Error) =>
  harness({ "profile P": { credential_process: command } }, { stored: [], processes: { [command]: error } });
const exit = () => new VaultError("PROCESS_FAILED", "exit 3", { data: { status: "3" } });

describe("getCredentials: a failed helper names its program, never its arguments or variables", () => {
  it.each([
    ["TOKEN=hunter2 get-creds --key hunter2", "get-creds"],
    ["A=1  B=2   get-creds", "get-creds"],
    ["9X=1 get-creds", "9X=1"],
    ["_A9=1 get-creds", "get-creds"],
    ["A=1 B=2", ""],
  ])("%j is shown as '%s'", async (command, program) => {
    const error = await failing(command, exit())
      .get("P")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "PROCESS_FAILED",
      profile: "P",
      message: `credential_process of profile 'P' ('${program}') failed: exit 3`,
    });
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("keeps the process error's data beside the setting", async () => {
    await expect(failing("get-creds", exit()).get("P")).rejects.toMatchObject({
      data: { setting: "credential_process", status: "3" },
    });
  });

  it("a failure that is not a VaultError adds no reason", async () => {
    await expect(failing("get-creds", new Error("spawn EACCES /secret")).get("P")).rejects.toMatchObject({
      code: "PROCESS_FAILED",
      message: "credential_process of profile 'P' ('get-creds') failed",
      data: { setting: "credential_process" },
    });
  });
});

describe("getCredentials: helpers run without the caller's secrets", () => {
  it("passes the caller's environment minus credentials and the file passphrase", async () => {
    const h = harness(
      { "profile P": { credential_process: "get-creds" } },
      {
        stored: [],
        env: {
          PATH: "/bin",
          AWS_VAULT_FILE_PASSPHRASE: "pw",
          AWS_ACCESS_KEY_ID: "AKIAOLD",
          AWS_SECRET_ACCESS_KEY: "old",
          AWS_SESSION_TOKEN: "t",
          AWS_SECURITY_TOKEN: "t",
          AWS_PROFILE: "kept-for-helpers",
        },
        processes: { "get-creds": JSON.stringify({ Version: 1, AccessKeyId: "A", SecretAccessKey: "s" }) },
      },
    );
    await h.get("P");
    expect(h.runProcess.runs[0]?.env).toEqual({
      HOME: "/home/test",
      PATH: "/bin",
      AWS_PROFILE: "kept-for-helpers",
    });
  });
});
