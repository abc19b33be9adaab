import { spawnSync } from "node:child_process";
import { assertBuilt, vaultHome } from "@vault-cli/test-support";
import { beforeAll, describe, expect, it } from "vitest";

// A credential_process that hangs or floods stdout: vault-cli stops it at its limit and says which profile,
// which setting, which program and which limit; nothing is left running.
const marker = `${process.pid}${Date.now() % 10_000}`;
const CONFIG = `[profile hangs]
credential_process = sleep 3${marker}

[profile floods]
credential_process = yes
`;

beforeAll(assertBuilt);

describe("helper process limits", () => {
  it("VAULT_CLI_PROCESS_TIMEOUT: a hanging credential_process is killed, with what it started", async () => {
    const user = vaultHome("http://127.0.0.1:9", CONFIG);
    const r = await user.vaultAsync(["export", "--format=json", "hangs"], {
      VAULT_CLI_PROCESS_TIMEOUT: "1s",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vault-cli: error: export: credential_process of profile 'hangs' ('sleep') failed: timed out after 1s " +
        "(VAULT_CLI_PROCESS_TIMEOUT)\n",
    );
    expect(spawnSync("pgrep", ["-f", `sleep 3${marker}`]).status).toBe(1);
  });

  it("VAULT_CLI_PROCESS_OUTPUT_MAX: `yes` is stopped at the cap instead of filling memory", async () => {
    const user = vaultHome("http://127.0.0.1:9", CONFIG);
    const r = await user.vaultAsync(["export", "--format=json", "floods"], {
      VAULT_CLI_PROCESS_OUTPUT_MAX: "65536",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vault-cli: error: export: credential_process of profile 'floods' ('yes') failed: printed more than 65536 " +
        "bytes (VAULT_CLI_PROCESS_OUTPUT_MAX)\n",
    );
  });
});
