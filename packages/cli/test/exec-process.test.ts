import { spawn } from "node:child_process";
import { assertBuilt, MAIN, vaultHome } from "@vault-cli/test-support";
import { beforeAll, describe, expect, it } from "vitest";

// --no-session on stored keys needs no STS: these tests are about the child process itself.
const CONFIG = "[profile jon]\nregion = eu-west-1\n";

function setup() {
  const user = vaultHome("http://127.0.0.1:9", CONFIG);
  user.vault(["add", "--env", "jon"], {
    AWS_ACCESS_KEY_ID: "AKIAPROC0WXYZ",
    AWS_SECRET_ACCESS_KEY: "proc-secret",
  });
  return user;
}

beforeAll(assertBuilt);

describe("exec runs a real child", () => {
  it("exits with the child's status and gives it the credentials, AWS_VAULT and the region", () => {
    const user = setup();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a JS placeholder
    const script = 'echo "$AWS_VAULT $AWS_ACCESS_KEY_ID $AWS_REGION ${AWS_PROFILE:-unset}"; exit 7';
    const r = user.vault(["exec", "--no-session", "jon", "--", "sh", "-c", script], { AWS_PROFILE: "jon" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("jon AKIAPROC0WXYZ eu-west-1 unset\n");
    expect(r.code).toBe(7);
  });

  it("passes SIGTERM to the child and exits with the status the child chose", async () => {
    const user = setup();
    const script = 'trap "echo got-term; exit 42" TERM; echo ready; while :; do sleep 0.05; done';
    const child = spawn(process.execPath, [MAIN, "exec", "-n", "jon", "--", "sh", "-c", script], {
      env: user.env,
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk) => {
        out += chunk;
        if (out.includes("ready")) resolve();
      });
      child.on("close", (status) => reject(new Error(`vault-cli ended (${status}) first: ${err}`)));
    });
    child.kill("SIGTERM");
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(out).toContain("got-term");
    expect(code).toBe(42);
  });

  it("does not pass on SIGINT (the terminal sends Ctrl-C to the child itself), and survives it", async () => {
    const user = setup();
    const script =
      'trap "echo got-int" INT; trap "echo got-term; exit 42" TERM; echo ready; while :; do sleep 0.05; done';
    const child = spawn(process.execPath, [MAIN, "exec", "-n", "jon", "--", "sh", "-c", script], {
      env: user.env,
    });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk) => {
        out += chunk;
        if (out.includes("ready")) resolve();
      });
      child.on("close", (status) => reject(new Error(`vault-cli ended (${status}) first`)));
    });
    // Ctrl-C reaches vault-cli; then SIGTERM, which it does pass on. Had it passed on the SIGINT too, the
    // child would get it first (the lower signal number is delivered first) and say so.
    child.kill("SIGINT");
    child.kill("SIGTERM");
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(out).toBe("ready\ngot-term\n");
    expect(code).toBe(42);
  });

  it("keeps the file passphrase out of the child's environment", () => {
    const user = setup();
    expect(user.env.AWS_VAULT_FILE_PASSPHRASE).not.toBe("");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a JS placeholder
    const script = 'echo "${AWS_VAULT_FILE_PASSPHRASE-unset} $AWS_ACCESS_KEY_ID"';
    const r = user.vault(["exec", "-n", "jon", "--", "sh", "-c", script]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("unset AKIAPROC0WXYZ\n");
  });

  it("reports a missing command by name", () => {
    const r = setup().vault(["exec", "-n", "jon", "--", "no-such-command-xyz"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("vault-cli: error: exec: cannot run 'no-such-command-xyz': not found\n");
  });

  it("refuses to nest inside another session", () => {
    const r = setup().vault(["exec", "-n", "jon", "--", "true"], { AWS_VAULT: "jon" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("in an existing vault-cli/aws-vault subshell (profile 'jon')");
  });
});
