import { failureOf } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { WINCRED_MAX_BLOB_BYTES, wincredKeystore } from "../src/wincred/index.js";
import { runKeystoreContract } from "./contract.js";
import { fakeOsProgram } from "./support/fake-os-programs.js";

// powershell.exe and the Credential Manager cannot run here: these tests drive a recorded fake
// (support/fake-powershell.mjs) that answers the keystore's Cred* script as Windows would.

interface FakeCred {
  target: string;
  blob: string;
  type: number;
  persist: number;
}
type FakeState = { creds: Record<string, FakeCred> };

function openWincred(extra: Record<string, string> = {}, prefix?: string) {
  const fake = fakeOsProgram("fake-powershell.mjs", "powershell.exe", "powershell");
  const open = (more: Record<string, string> = {}) =>
    wincredKeystore({ command: fake.command, env: { ...fake.env, ...extra, ...more }, prefix });
  return { fake, store: open(), open };
}
const targets = (state: FakeState | undefined) =>
  Object.values(state?.creds ?? {})
    .map((cred) => cred.target)
    .sort();
/** What aws-vault's wincred backend lists: targets beginning `aws-vault:aws-vault:`. */
const awsVaultSees = (state: FakeState | undefined) =>
  targets(state)
    .filter((target) => target.startsWith("aws-vault:aws-vault:"))
    .map((target) => target.slice("aws-vault:aws-vault:".length));
const text = (bytes: number, seed = "v") =>
  Array.from({ length: bytes }, (_, i) => String.fromCharCode(97 + ((i + seed.charCodeAt(0)) % 26))).join("");

runKeystoreContract("wincred (fake powershell)", () => openWincred().store);

describe("wincred: aws-vault's credentials", () => {
  it("writes target aws-vault:aws-vault:<key>, generic, persisted for the local machine, blob = raw UTF-8 data", async () => {
    const { fake, store } = openWincred();
    await store.set("alice", '{"AccessKeyID":"AKIA1","SecretAccessKey":"ü"}', { label: "aws-vault (alice)" });
    expect(Object.values(fake.state<FakeState>().creds)).toEqual([
      {
        target: "aws-vault:aws-vault:alice",
        blob: Buffer.from('{"AccessKeyID":"AKIA1","SecretAccessKey":"ü"}', "utf8").toString("base64"),
        type: 1,
        persist: 2,
      },
    ]);
  });

  it("takes the prefix from AWS_VAULT_WINCRED_PREFIX's option and lists only its own targets", async () => {
    const { fake, store } = openWincred({}, "work");
    fake.setState({
      creds: {
        "aws-vault:aws-vault:other": { target: "aws-vault:aws-vault:other", blob: "", type: 1, persist: 2 },
        "git:https://github.com": { target: "git:https://github.com", blob: "", type: 1, persist: 2 },
      },
    });
    await store.set("oidc:https://example.awsapps.com/start", "token");
    expect(targets(fake.state())).toContain("work:aws-vault:oidc:https://example.awsapps.com/start");
    expect(await store.keys()).toEqual(["oidc:https://example.awsapps.com/start"]);
  });

  it("reads an item aws-vault wrote", async () => {
    const { fake, store } = openWincred();
    const data = '{"AccessKeyID":"AKIA2"}';
    fake.setState({
      creds: {
        "aws-vault:aws-vault:bob": {
          target: "aws-vault:aws-vault:bob",
          blob: Buffer.from(data).toString("base64"),
          type: 1,
          persist: 2,
        },
      },
    });
    expect(await store.get("bob")).toBe(data);
    expect(await store.keys()).toEqual(["bob"]);
  });
});

describe("wincred: values over 2,560 bytes", () => {
  it.each([
    [WINCRED_MAX_BLOB_BYTES, 0],
    [WINCRED_MAX_BLOB_BYTES + 1, 2],
    [10_000, 4],
  ])("round-trips %i bytes in %i chunks", async (bytes, chunks) => {
    const { fake, store } = openWincred();
    const value = text(bytes);
    await store.set("sts.AssumeRole,YWxpY2U,,1893456000", value);
    expect(await store.get("sts.AssumeRole,YWxpY2U,,1893456000")).toBe(value);
    expect(await store.keys()).toEqual(["sts.AssumeRole,YWxpY2U,,1893456000"]);
    const names = targets(fake.state());
    expect(names.filter((t) => t.startsWith("aws-vault:aws-vault-chunk:"))).toHaveLength(chunks);
    expect(names.filter((t) => t.startsWith("aws-vault:aws-vault-chunked:"))).toHaveLength(chunks ? 1 : 0);
    // aws-vault sees a short value as its own item, and a chunked one not at all.
    expect(awsVaultSees(fake.state())).toEqual(chunks ? [] : ["sts.AssumeRole,YWxpY2U,,1893456000"]);
    for (const cred of Object.values(fake.state<FakeState>().creds)) {
      expect(Buffer.from(cred.blob, "base64").length).toBeLessThanOrEqual(WINCRED_MAX_BLOB_BYTES);
    }
  });

  it("names the chunks' id, count, length and digest in the head", async () => {
    const { fake, store } = openWincred();
    await store.set("big", text(6000));
    const head = fake.state<FakeState>().creds["aws-vault:aws-vault-chunked:big"]!;
    const parsed = JSON.parse(Buffer.from(head.blob, "base64").toString("utf8"));
    expect(parsed).toEqual({
      VaultCliChunks: {
        id: expect.stringMatching(/^[0-9a-f]{16}$/),
        count: 3,
        bytes: 6000,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(targets(fake.state())).toEqual([
      `aws-vault:aws-vault-chunk:${parsed.VaultCliChunks.id}:0`,
      `aws-vault:aws-vault-chunk:${parsed.VaultCliChunks.id}:1`,
      `aws-vault:aws-vault-chunk:${parsed.VaultCliChunks.id}:2`,
      "aws-vault:aws-vault-chunked:big",
    ]);
  });

  it("leaves nothing behind when a chunked value is replaced by a short one, a short by a chunked, or removed", async () => {
    const { fake, store } = openWincred();
    await store.set("k", text(9000, "a"));
    await store.set("k", text(7000, "b"));
    expect(targets(fake.state()).filter((t) => t.includes("chunk:"))).toHaveLength(3);
    await store.set("k", "short");
    expect(targets(fake.state())).toEqual(["aws-vault:aws-vault:k"]);
    await store.set("k", text(3000, "c"));
    expect(awsVaultSees(fake.state())).toEqual([]);
    expect(await store.get("k")).toBe(text(3000, "c"));
    expect(await store.remove("k")).toBe(true);
    expect(targets(fake.state())).toEqual([]);
    expect(await store.remove("k")).toBe(false);
  });

  it.each([0, 1, 2, 3, 4])(
    "a write of a chunked value killed after %i of its writes leaves the old value, never a mix",
    async (writes) => {
      const { store, open } = openWincred();
      const old = text(9000, "o");
      await store.set("k", old);
      const error = await failureOf(
        open({ FAKE_POWERSHELL_CRASH_AFTER_CHANGES: String(writes) }).set("k", text(9000, "n")),
      );
      expect(error.code).toBe("KEYSTORE_WRITE");
      expect(await store.get("k")).toBe(old);
      expect(await store.keys()).toEqual(["k"]);
    },
  );

  it("a write killed after its head is written (4 chunks, then the head) leaves the new value", async () => {
    const { store, open } = openWincred();
    await store.set("k", "old short value");
    await failureOf(open({ FAKE_POWERSHELL_CRASH_AFTER_CHANGES: "5" }).set("k", text(9000, "n")));
    expect(await store.get("k")).toBe(text(9000, "n"));
  });

  it("a first write killed between chunks leaves nothing readable", async () => {
    const { store, open } = openWincred();
    await failureOf(open({ FAKE_POWERSHELL_CRASH_AFTER_CHANGES: "2" }).set("k", text(9000)));
    expect(await store.get("k")).toBeUndefined();
    expect(await store.keys()).toEqual([]);
  });

  it("refuses chunks that do not match their head as KEYSTORE_CORRUPT", async () => {
    const { fake, store } = openWincred();
    await store.set("k", text(6000));
    const state = fake.state<FakeState>();
    const chunk = Object.values(state.creds).find((cred) => cred.target.endsWith(":1"))!;
    chunk.blob = Buffer.from(text(2560, "x")).toString("base64");
    fake.setState(state);
    expect(await failureOf(store.get("k"))).toEqual({
      code: "KEYSTORE_CORRUPT",
      message: "wincred: the chunks of 'k' do not match its head (changed by another program?)",
    });
  });
});

describe("wincred: what reaches powershell.exe", () => {
  it("runs powershell with the fixed script in -EncodedCommand and the values as data on stdin only", async () => {
    const { fake, store } = openWincred();
    const secret = "SECRET-wJalrXUtnFEMI-K7MDENG";
    await store.set("carol", secret);
    await store.set("dave", `${secret}${text(5000)}`);
    expect(await store.get("carol")).toBe(secret);
    await store.remove("dave");
    const scripts = new Set(fake.runs().map((run) => run.argv[4]));
    expect(scripts.size).toBe(1); // one script text for every request: no value is ever part of it
    for (const run of fake.runs()) {
      expect(run.argv.slice(0, 4)).toEqual(["-NoLogo", "-NoProfile", "-NonInteractive", "-EncodedCommand"]);
      expect(run.stdin).toMatch(/^[A-Za-z0-9+/=]+\n$/);
      expect(run.stdin).not.toContain("SECRET");
    }
    const script = Buffer.from([...scripts][0]!, "base64").toString("utf16le");
    expect(script).not.toContain("SECRET");
    expect(script).not.toContain(Buffer.from(secret).toString("base64"));
    expect(JSON.stringify(fake.runs().map((run) => run.argv))).not.toContain("SECRET");
  });
});

describe("wincred: failures", () => {
  it("reports a missing powershell.exe as KEYSTORE_UNAVAILABLE", async () => {
    const store = wincredKeystore({ command: "/nonexistent/powershell.exe", env: {} });
    expect(await failureOf(store.keys())).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message: "cannot run '/nonexistent/powershell.exe': ENOENT",
    });
  });

  it("reports a session without a Credential Manager (ERROR_NO_SUCH_LOGON_SESSION) clearly", async () => {
    const { store } = openWincred({ FAKE_POWERSHELL_ERROR: "1312" });
    expect(await failureOf(store.get("alice"))).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message:
        "wincred: cannot read 'alice' (read 'aws-vault:aws-vault-chunked:alice'): no logon session: the Credential Manager is not available in this session (a service, or a remote shell without a loaded profile) (1312)",
    });
    expect((await failureOf(store.set("alice", "x"))).code).toBe("KEYSTORE_UNAVAILABLE");
  });

  it("reports a refused write as KEYSTORE_WRITE, naming the target", async () => {
    const { store } = openWincred({ FAKE_POWERSHELL_WRITE_ERROR: "5" });
    expect(await failureOf(store.set("alice", "x"))).toEqual({
      code: "KEYSTORE_WRITE",
      message: "wincred: cannot store 'alice' (write 'aws-vault:aws-vault:alice'): access denied (5)",
    });
  });

  it("reports PowerShell failing before it answers (no JSON) with its stderr", async () => {
    const store = wincredKeystore({ command: "/bin/false", env: {} });
    expect(await failureOf(store.get("alice"))).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message: "wincred: PowerShell could not reach the Credential Manager (exit code 1): no message",
    });
  });
});
