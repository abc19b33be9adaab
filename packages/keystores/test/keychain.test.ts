import { credentialsLabel, SESSION_DESCRIPTION, sessionLabel } from "@vault-cli/core";
import { failureOf } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { keychainKeystore } from "../src/keychain/index.js";
import { parseDumpKeychain, parsePasswordLine, securityWord } from "../src/keychain/security-text.js";
import { runKeystoreContract } from "./contract.js";
import { fakeOsProgram } from "./support/fake-os-programs.js";

// macOS's security cannot run here: these tests drive a recorded fake of its interactive mode
// (support/fake-security.mjs), which splits and cuts lines and prints data as Apple's sources do.

interface FakeItem {
  class?: string;
  svce?: string;
  acct?: string;
  labl?: string;
  desc?: string;
  data: string;
  trusted: string[] | null;
}
type FakeState = { keychains: Record<string, { items: FakeItem[] }> };

function openKeychain(extra: Record<string, string> = {}, keychainName?: string) {
  const fake = fakeOsProgram("fake-security.mjs", "security", "security");
  const store = keychainKeystore({ command: fake.command, env: { ...fake.env, ...extra }, keychainName });
  return { fake, store };
}

/**
 * The largest value of the contract's kind that fits one 4095-byte security -i line for the key "big" (its
 * quotes and backslashes take two bytes each). aws-vault's items are far smaller: credentials about 200
 * bytes, a session 1 to 2 KB.
 */
const KEYCHAIN_CONTRACT_MAX = 3932;

runKeystoreContract("keychain (fake security)", () => openKeychain().store, {
  maxValueBytes: KEYCHAIN_CONTRACT_MAX,
});

describe("keychain: aws-vault's items", () => {
  it("creates aws-vault.keychain on the first write, asking macOS for its password (-P)", async () => {
    const { fake, store } = openKeychain();
    await store.set("alice", '{"AccessKeyID":"AKIA1"}', { label: credentialsLabel("alice") });
    expect(fake.runs().map((run) => run.stdin.split(" ")[0])).toEqual([
      "add-generic-password",
      "create-keychain",
      "add-generic-password",
    ]);
    expect(fake.runs()[1]!.stdin).toBe("create-keychain -P 'aws-vault.keychain'\n");
    expect(fake.runs().every((run) => run.argv.join(" ") === "-i")).toBe(true);
  });

  it("writes service aws-vault, account = key, aws-vault's label and kind, and trusts no app for credentials", async () => {
    const { fake, store } = openKeychain();
    await store.set("alice", '{"AccessKeyID":"AKIA1"}', { label: credentialsLabel("alice") });
    const expiry = new Date("2030-01-01T00:00:00Z");
    const sessionKey = "sts.GetSessionToken,YWxpY2U,,1893456000";
    await store.set(sessionKey, "{}", {
      label: sessionLabel("alice", expiry),
      description: SESSION_DESCRIPTION,
    });
    const items = fake.state<FakeState>().keychains["aws-vault.keychain"]!.items;
    expect(items).toEqual([
      {
        svce: "aws-vault",
        acct: "alice",
        labl: "aws-vault (alice)",
        data: Buffer.from('{"AccessKeyID":"AKIA1"}').toString("hex"),
        trusted: [""],
      },
      {
        svce: "aws-vault",
        acct: sessionKey,
        labl: "aws-vault session for alice (expires 2030-01-01T00:00:00Z)",
        desc: "aws-vault session",
        data: Buffer.from("{}").toString("hex"),
        trusted: null,
      },
    ]);
    expect(fake.runs().at(-1)!.stdin).toBe(
      `add-generic-password -U -s 'aws-vault' -a '${sessionKey}' -l 'aws-vault session for alice (expires 2030-01-01T00:00:00Z)' -D 'aws-vault session' -w '{}' 'aws-vault.keychain'\n`,
    );
  });

  it("uses AWS_VAULT_KEYCHAIN_NAME's keychain only, and lists service aws-vault's generic passwords only", async () => {
    const { fake, store } = openKeychain({}, "work");
    fake.setState({
      keychains: {
        "work.keychain": {
          items: [
            { svce: "aws-vault", acct: "alice", data: "7b7d", trusted: null },
            { svce: "other-app", acct: "not-ours", data: "00", trusted: null },
            { class: "inet", svce: "aws-vault", acct: "an-internet-password", data: "00", trusted: null },
            { svce: "aws-vault", acct: "prøfil 🚀", data: "7b7d", trusted: null },
          ],
        },
        "aws-vault.keychain": {
          items: [{ svce: "aws-vault", acct: "elsewhere", data: "00", trusted: null }],
        },
      },
    });
    expect(await store.keys()).toEqual(["alice", "prøfil 🚀"]);
    expect(await store.get("alice")).toBe("{}");
    expect(await store.get("not-ours")).toBeUndefined();
    expect(fake.runs()[0]!.stdin).toBe("dump-keychain 'work.keychain'\n");
  });

  it("reads a missing keychain as empty and creates nothing", async () => {
    const { fake, store } = openKeychain();
    expect(await store.keys()).toEqual([]);
    expect(await store.get("alice")).toBeUndefined();
    expect(await store.remove("alice")).toBe(false);
    expect(fake.state()).toBeUndefined();
  });
});

describe("keychain: what reaches security", () => {
  it("keeps secrets out of argv: every run is `security -i`, the command on stdin", async () => {
    const { fake, store } = openKeychain();
    const secret = "SECRET-wJalrXUtnFEMI-K7MDENG";
    await store.set("carol", secret);
    await store.set("dave", `line one\n${secret}`);
    expect(await store.get("carol")).toBe(secret);
    expect(await store.get("dave")).toBe(`line one\n${secret}`);
    for (const run of fake.runs()) expect(run.argv).toEqual(["-i"]);
    expect(JSON.stringify(fake.runs().map((run) => run.argv))).not.toContain("SECRET");
  });

  it("quotes quotes, backslashes and spaces; passes a value with a line break as -X hex", async () => {
    const { fake, store } = openKeychain();
    await store.set("it's a \\ key", `{"a":"b\\"c" 'd'}`);
    await store.set("multi", "a\nb");
    const lines = fake.runs().map((run) => run.stdin);
    expect(lines).toContain(
      `add-generic-password -U -s 'aws-vault' -a 'it\\'s a \\\\ key' -T '' -w '{"a":"b\\\\"c" \\'d\\'}' 'aws-vault.keychain'\n`,
    );
    expect(lines.at(-1)).toBe(
      "add-generic-password -U -s 'aws-vault' -a 'multi' -T '' -X 610a62 'aws-vault.keychain'\n",
    );
    expect(await store.get("it's a \\ key")).toBe(`{"a":"b\\"c" 'd'}`);
    expect(await store.keys()).toEqual(["it's a \\ key", "multi"]);
  });

  it("refuses a value whose command would be cut at 4095 bytes, before running anything", async () => {
    const { fake, store } = openKeychain();
    expect(await failureOf(store.set("big", "x".repeat(4100)))).toEqual({
      code: "KEYSTORE_WRITE",
      message:
        "keychain: the command for this item needs 4180 bytes, and security -i takes at most 4095 per command (the value is too large)",
    });
    expect(fake.runs()).toEqual([]);
  });

  it("refuses a key with a line break, which no command line can carry", async () => {
    const { fake, store } = openKeychain();
    expect(store.keyProblem?.("a\nb")).toBe("a line break or NUL cannot be passed to security -i");
    expect((await failureOf(store.set("a\nb", "x"))).code).toBe("KEYSTORE_WRITE");
    expect(await store.get("a\nb")).toBeUndefined();
    expect(fake.runs()).toEqual([]);
  });
});

describe("keychain: security's output", () => {
  it("decodes print_buffer: quoted text, 0x hex with its escaped copy, <NULL>", () => {
    expect(parsePasswordLine('password: "{\\"plain\\"}"\n')?.toString()).toBe('{\\"plain\\"}');
    expect(parsePasswordLine('password: 0x0A4C  "\\012L"\n')?.toString()).toBe("\nL");
    expect(parsePasswordLine("password: 0xC3BC \n")?.toString()).toBe("ü");
    expect(parsePasswordLine("password: \n")?.toString()).toBe("");
    expect(parsePasswordLine("security: something else\n")).toBeUndefined();
  });

  it("reads acct and svce of each dump-keychain item, in either print form", () => {
    const dump = [
      'keychain: "/Users/u/Library/Keychains/aws-vault.keychain-db"',
      "version: 512",
      'class: "genp"',
      "attributes:",
      '    0x00000007 <blob>="aws-vault (alice)"',
      '    "acct"<blob>=0x70C3B8  "p\\303\\270"',
      '    "svce"<blob>="aws-vault"',
      'keychain: "/Users/u/Library/Keychains/aws-vault.keychain-db"',
      "class: 0x80001000 ",
      "attributes:",
      '    "acct"<blob>=<NULL>',
    ].join("\n");
    const items = parseDumpKeychain(dump);
    expect(items.map((item) => item.itemClass)).toEqual(["genp", "\x80\x00\x10\x00"]);
    expect(items[0]!.attributes.get("acct")?.toString()).toBe("pø");
    expect(items[0]!.attributes.get("0x00000007")?.toString()).toBe("aws-vault (alice)");
    expect(items[1]!.attributes.get("acct")?.length).toBe(0);
  });

  it("quotes a word so split_line gives it back unchanged", () => {
    expect(securityWord("")).toBe("''");
    expect(securityWord("a'b\\c\"d")).toBe("'a\\'b\\\\c\"d'");
  });
});

describe("keychain: failures", () => {
  it("reports a missing security program as KEYSTORE_UNAVAILABLE", async () => {
    const store = keychainKeystore({ command: "/nonexistent/security", env: {} });
    expect(await failureOf(store.get("alice"))).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message: "cannot run '/nonexistent/security': ENOENT",
    });
  });

  it("reports a locked keychain no one can unlock as KEYSTORE_LOCKED", async () => {
    const { fake, store } = openKeychain({ FAKE_SECURITY_MODE: "locked" });
    fake.setState({
      keychains: {
        "aws-vault.keychain": { items: [{ svce: "aws-vault", acct: "alice", data: "00", trusted: null }] },
      },
    });
    expect(await failureOf(store.get("alice"))).toEqual({
      code: "KEYSTORE_LOCKED",
      message:
        "keychain: cannot read 'alice': the keychain 'aws-vault.keychain' is locked and no one can be asked to unlock it",
    });
    expect((await failureOf(store.set("alice", "x"))).code).toBe("KEYSTORE_LOCKED");
  });

  it("reports a cancelled unlock (or keychain creation) as KEYSTORE_LOCKED", async () => {
    const { fake, store } = openKeychain({ FAKE_SECURITY_MODE: "cancel" });
    expect(await failureOf(store.set("alice", "x"))).toEqual({
      code: "KEYSTORE_LOCKED",
      message:
        "keychain: cannot create the keychain: unlocking the keychain 'aws-vault.keychain' was cancelled",
    });
    fake.setState({
      keychains: {
        "aws-vault.keychain": { items: [{ svce: "aws-vault", acct: "alice", data: "00", trusted: null }] },
      },
    });
    expect(await failureOf(store.get("alice"))).toEqual({
      code: "KEYSTORE_LOCKED",
      message: "keychain: cannot read 'alice': unlocking the keychain 'aws-vault.keychain' was cancelled",
    });
  });

  it("reports another failure with security's words, redacted to one line", async () => {
    const { store } = openKeychain();
    const broken = keychainKeystore({ command: "/bin/false", env: {} });
    expect(await failureOf(broken.keys())).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message: "keychain: cannot list keys in the keychain 'aws-vault.keychain': no message",
    });
    expect(await store.keys()).toEqual([]);
  });
});
