import { execFileSync } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  assertBuilt,
  createPassStore,
  MAIN,
  type Moto,
  type PassStore,
  startMoto,
  tempDir,
  vaultHome,
} from "@vault-cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// No process vault-cli starts (exec's command, mfa_process, credential_process, web_identity_token_process,
// an MFA prompt driver, pass, keyctl) receives the file passphrase or the long-term keys vault-cli was given. Every child here
// writes its environment to a file, and the user's shell holds both secrets when vault-cli runs.
const PASSPHRASE = "file passphrase 7f3a";
const STORED = { accessKeyId: "AKIASTOREDKEY0000001", secretAccessKey: "stored-secret-9d41" };
const SECRETS = [PASSPHRASE, STORED.accessKeyId, STORED.secretAccessKey];

let moto: Moto;
let pass: PassStore;
beforeAll(async () => {
  assertBuilt();
  [moto, pass] = await Promise.all([startMoto(), createPassStore()]);
});
afterAll(async () => {
  await pass?.remove();
  await moto?.stop();
});

/** A directory of scripts that write their environment to `<dumps>/<name>.<pid>` and then do their job. */
function children(dumps: string) {
  const bin = tempDir("children");
  const script = (name: string, body: string) => {
    const path = join(bin, name);
    writeFileSync(path, `#!/bin/sh\nenv > "${dumps}/${name}.$$"\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const expiry = "2099-01-01T00:00:00Z";
  return {
    mfa: script("mfa_process", "echo 123456"),
    process: script(
      "credential_process",
      `printf '{"Version":1,"AccessKeyId":"ASIAPROCESS","SecretAccessKey":"s","SessionToken":"t","Expiration":"${expiry}"}'`,
    ),
    token: script("web_identity_token_process", "printf eyJhbGciOiJSUzI1NiJ9.child-env.sig"),
    pass: script("pass", 'exec pass "$@"'),
    keyctl: script("keyctl", 'exec /usr/bin/keyctl "$@"'),
    ykman: script("ykman", "echo 123456"),
    bin,
  };
}

function config(run: ReturnType<typeof children>): string {
  return `[profile jon]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/jon
mfa_process = ${run.mfa}

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/admin
mfa_serial = arn:aws:iam::123456789012:mfa/jon
region = us-east-1

[profile yk]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/yk

[profile proc]
credential_process = ${run.process}

[profile web]
region = us-east-1
role_arn = arn:aws:iam::123456789012:role/web
web_identity_token_process = ${run.token}
`;
}

/** The environments the children wrote, by child name. */
function dumpsIn(dir: string): Map<string, string[]> {
  const byChild = new Map<string, string[]>();
  for (const file of readdirSync(dir)) {
    const name = file.replace(/\.\d+$/, "");
    byChild.set(name, [...(byChild.get(name) ?? []), readFileSync(join(dir, file), "utf8")]);
  }
  return byChild;
}

describe("the environment of every child process", () => {
  it("never holds the file passphrase or the long-term keys, whatever the backend", () => {
    const dumps = tempDir("dumps");
    const run = children(dumps);
    const user = vaultHome(moto.url, config(run), { passphrase: PASSPHRASE });
    // The user's shell has the keys (`add --env` reads them) and the passphrase.
    const shell = { AWS_ACCESS_KEY_ID: STORED.accessKeyId, AWS_SECRET_ACCESS_KEY: STORED.secretAccessKey };
    const ok = (r: { code: number | null; stderr: string }) => expect(r.stderr).toBe("");
    ok(user.vault(["add", "--env", "jon"], shell));
    ok(user.vault(["exec", "admin", "--", "sh", "-c", `env > "${dumps}/exec.$$"`], shell));
    ok(user.vault(["export", "--format=json", "proc"], shell));
    ok(user.vault(["export", "--format=json", "web"], shell));
    // The MFA prompt driver (here a fake ykman first on PATH) is a child too.
    ok(user.vault(["add", "--env", "yk"], shell));
    ok(
      user.vault(["--prompt", "ykman", "exec", "yk", "--", "true"], {
        ...shell,
        PATH: `${run.bin}:${user.env.PATH}`,
      }),
    );

    const withPass = {
      ...shell,
      ...pass.env,
      AWS_VAULT_BACKEND: "pass",
      AWS_VAULT_PASS_CMD: run.pass,
      AWS_VAULT_PASS_PASSWORD_STORE_DIR: pass.dir,
    };
    ok(user.vault(["add", "--env", "jon"], withPass));
    ok(user.vault(["exec", "--no-session", "admin", "--", "true"], withPass));

    // keyctl: one shell in a fresh session keyring, with the logging keyctl first on PATH.
    const steps = `"$0" "$1" add --env jon && "$0" "$1" exec --no-session admin -- true`;
    execFileSync("/usr/bin/keyctl", ["session", "-", "sh", "-c", steps, process.execPath, MAIN], {
      env: {
        ...user.env,
        ...shell,
        PATH: `${run.bin}:${user.env.PATH}`,
        AWS_VAULT_BACKEND: "keyctl",
        AWS_VAULT_KEYCTL_SCOPE: "session",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });

    const found = dumpsIn(dumps);
    expect([...found.keys()].sort()).toEqual([
      "credential_process",
      "exec",
      "keyctl",
      "mfa_process",
      "pass",
      "web_identity_token_process",
      "ykman",
    ]);
    for (const [child, environments] of found) {
      for (const environment of environments) {
        for (const secret of SECRETS) expect(environment, `${child} got '${secret}'`).not.toContain(secret);
      }
    }
    // exec's command has the role's session instead.
    expect(found.get("exec")![0]).toMatch(/^AWS_SESSION_TOKEN=\S+$/m);
    expect(found.get("exec")![0]).toMatch(/^AWS_VAULT=admin$/m);
  });
});
