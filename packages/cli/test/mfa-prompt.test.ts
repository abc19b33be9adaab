import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isVaultError, VaultError } from "@vault-cli/core";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { mfaPrompt, promptDriver } from "../src/mfa/mfa-prompt.js";
import { runCli } from "./support/test-io.js";

/** A directory with fake `zenity` / `ykman` programs that log their argv and print a code. */
function fakePrograms(): { path: string; log: string } {
  const dir = tempDir("mfa");
  const log = join(dir, "argv.log");
  for (const name of ["zenity", "ykman"]) {
    writeFileSync(join(dir, name), `#!/bin/sh\necho "${name} $*" >> "${log}"\necho 123456\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return { path: `${dir}:/usr/bin:/bin`, log };
}

const noTerminal = () => Promise.reject(new Error("the terminal must not be used"));

describe("MFA prompt drivers", () => {
  it("--prompt beats AWS_VAULT_PROMPT; pass and unknown names are refused with aws-vault's wording", () => {
    expect(promptDriver("zenity", { AWS_VAULT_PROMPT: "ykman" })).toBe("zenity");
    expect(promptDriver(undefined, { AWS_VAULT_PROMPT: "ykman" })).toBe("ykman");
    expect(promptDriver(undefined, {})).toBe("terminal");
    expect(() => promptDriver("pass", {})).toThrow(/mfa_process = pass otp/);
    expect(() => promptDriver("dialog", {})).toThrow("--prompt must be one of terminal, zenity");
  });

  it("runs zenity and ykman with the MFA serial and returns the trimmed code", async () => {
    const { path, log } = fakePrograms();
    const serial = "arn:aws:iam::111111111111:mfa/jon";
    const env = { PATH: path, YKMAN_OATH_DEVICE_SERIAL: "42" };
    expect(await mfaPrompt("zenity", noTerminal, env)({ profile: "jon", mfaSerial: serial })).toBe("123456");
    expect(await mfaPrompt("ykman", noTerminal, env)({ profile: "jon", mfaSerial: serial })).toBe("123456");
    expect(readFileSync(log, "utf8")).toBe(
      `zenity --entry --title vault-cli --text Enter MFA code for ${serial}\n` +
        `ykman --device 42 oath accounts code --single ${serial}\n`,
    );
  });

  it("names the driver and profile when the program is missing", async () => {
    const error = await mfaPrompt("kdialog", noTerminal, { PATH: "/nonexistent" })({
      profile: "jon",
      mfaSerial: "m",
    }).catch((e: unknown) => e);
    expect(isVaultError(error) && error.code).toBe("MFA_FAILED");
    expect((error as Error).message).toBe("MFA prompt 'kdialog' is not installed (profile 'jon')");
  });

  it("without a terminal and with no driver chosen, asks the first installed GUI driver (aws-vault's order)", async () => {
    const { path, log } = fakePrograms();
    const serial = "arn:aws:iam::111111111111:mfa/jon";
    const gone = () =>
      Promise.reject(new VaultError("NO_TERMINAL", "no terminal", { data: { purpose: "mfa" } }));
    // ykman comes before zenity in aws-vault's order; both are installed here.
    expect(await mfaPrompt(undefined, gone, { PATH: path })({ profile: "jon", mfaSerial: serial })).toBe(
      "123456",
    );
    expect(readFileSync(log, "utf8")).toBe(`ykman oath accounts code --single ${serial}\n`);
    // A driver that was chosen is kept: no fallback, the terminal's error stands.
    for (const chosen of [
      { flag: "terminal", env: {} },
      { flag: undefined, env: { AWS_VAULT_PROMPT: "terminal" } },
    ]) {
      const error = await mfaPrompt(chosen.flag, gone, { PATH: path, ...chosen.env })({
        profile: "jon",
        mfaSerial: serial,
      }).catch((e: unknown) => e);
      expect(isVaultError(error) && error.code).toBe("NO_TERMINAL");
    }
    // Nothing installed: the terminal's error stands too.
    const none = await mfaPrompt(undefined, gone, { PATH: "/nonexistent" })({
      profile: "jon",
      mfaSerial: serial,
    }).catch((e: unknown) => e);
    expect(isVaultError(none) && none.code).toBe("NO_TERMINAL");
    expect(readFileSync(log, "utf8").split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("asks on the terminal with aws-vault's question", async () => {
    const asked: string[] = [];
    const terminal = async (q: string) => {
      asked.push(q);
      return "654321";
    };
    expect(await mfaPrompt("terminal", terminal, {})({ profile: "jon", mfaSerial: "m" })).toBe("654321");
    expect(asked).toEqual(["Enter MFA code for m: "]);
  });
});

describe("AWS_VAULT_PROMPT", () => {
  it("is checked only when a code is asked for: a stale value breaks no command that needs none", async () => {
    const env = { AWS_VAULT_PROMPT: "pass" };
    expect((await runCli(["list", "--profiles"], { config: "[profile a]\n", env })).stdout).toBe("a\n");
    const asked = mfaPrompt(undefined, async () => "1", env)({ profile: "jon", mfaSerial: "m" });
    await expect(asked).rejects.toMatchObject({
      code: "CONFIG_INVALID_SETTING",
      message: expect.stringMatching(
        /^AWS_VAULT_PROMPT=pass was removed from aws-vault: add `mfa_process = pass otp/,
      ),
    });
    const flagged = await runCli(["list", "--profiles", "--prompt", "dialog"], { config: "[profile a]\n" });
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toContain("--prompt must be one of terminal, zenity");
  });
});
