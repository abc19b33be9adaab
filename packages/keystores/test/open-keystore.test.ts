import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isVaultError, type VaultErrorCode } from "@vault-cli/core";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import type { FileKeystore } from "../src/file/index.js";
import { availableBackends, openKeystore } from "../src/index.js";
import type { PassKeystore } from "../src/pass/index.js";
import { fakeBus } from "./support/fake-bus.js";

const PATH = process.env.PATH ?? "/usr/bin:/bin";
const fail = async (
  promise: Promise<unknown>,
): Promise<{
  code: VaultErrorCode | undefined;
  message: string;
  data?: Readonly<Record<string, string>>;
}> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return {
    code: isVaultError(error) ? error.code : undefined,
    message: (error as Error)?.message,
    ...(isVaultError(error) && Object.keys(error.data).length > 0 ? { data: error.data } : {}),
  };
};

describe("openKeystore: which backend", () => {
  it("takes --backend over AWS_VAULT_BACKEND over the platform default", async () => {
    const env = { PATH, HOME: "/home/x", AWS_VAULT_BACKEND: "pass" };
    expect((await openKeystore({ env, backend: "keyctl", platform: "linux" })).name).toBe("keyctl");
    expect((await openKeystore({ env, platform: "linux" })).name).toBe("pass");
    expect((await openKeystore({ env: { PATH }, platform: "linux" })).name).toBe("file");
    expect((await openKeystore({ env: { PATH }, platform: "darwin" })).name).toBe("keychain");
    expect((await openKeystore({ env: { PATH }, platform: "win32" })).name).toBe("wincred");
  });

  it("the platform default says why, and only when nothing was named", async () => {
    const home = tempDir("default");
    const chosen: string[] = [];
    const onDefault = ({ backend, reason }: { backend: string; reason: string }) => {
      chosen.push(`${backend}: ${reason}`);
    };
    await openKeystore({ env: { PATH, HOME: home }, platform: "linux", onDefault });
    await openKeystore({ env: { PATH, HOME: home }, platform: "darwin", onDefault });
    await openKeystore({ env: { PATH, HOME: home }, platform: "win32", onDefault });
    // An initialised pass store (its .gpg-id) comes before the file backend.
    await mkdir(join(home, ".password-store"));
    await writeFile(join(home, ".password-store", ".gpg-id"), "ABCDEF\n");
    await openKeystore({ env: { PATH, HOME: home }, platform: "linux", onDefault });
    await openKeystore({
      env: { PATH, HOME: home, AWS_VAULT_BACKEND: "file" },
      platform: "linux",
      onDefault,
    });
    // A bus address whose bus does not answer counts as none.
    await openKeystore({
      env: { PATH: "", HOME: home, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, "no-bus")}` },
      platform: "linux",
      onDefault,
    });
    expect(chosen).toEqual([
      "file: no D-Bus session bus, and no initialised pass store",
      "keychain: the macOS keychain is the default on this system",
      "wincred: the Windows Credential Manager is the default on this system",
      `pass: no D-Bus session bus; the pass store ${home}/.password-store is initialised`,
      "file: the D-Bus session bus does not answer, and no initialised pass store",
    ]);
  });

  it("a session bus that stalls does not hold the default up: 2s, then it counts as not answering", async () => {
    const home = tempDir("default");
    const socket = join(home, "bus");
    const stalled = await fakeBus(socket, () => "silence");
    const chosen: string[] = [];
    try {
      const keystore = await openKeystore({
        env: { PATH: "", HOME: home, DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}` },
        platform: "linux",
        onDefault: ({ backend, reason }) => chosen.push(`${backend}: ${reason}`),
      });
      expect(keystore.name).toBe("file");
      expect(chosen).toEqual(["file: the D-Bus session bus does not answer, and no initialised pass store"]);
    } finally {
      stalled.close();
    }
  });

  it("names an unknown backend and what works here", async () => {
    expect(await fail(openKeystore({ backend: "vault", env: { PATH }, platform: "linux" }))).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message: "unknown keystore backend 'vault'; backends available here: keyctl, pass, file",
      data: { backend: "vault", available: "keyctl,pass,file" },
    });
    expect((await fail(openKeystore({ backend: "passage", env: { PATH }, platform: "linux" }))).message).toBe(
      "keystore backend 'passage' is not supported by vault-cli yet; backends available here: keyctl, pass, file",
    );
    expect(
      (await fail(openKeystore({ backend: "secret-service", env: { PATH }, platform: "linux" }))).message,
    ).toBe(
      "keystore backend 'secret-service' is not available: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist); backends available here: keyctl, pass, file",
    );
  });

  it("says why a backend is unusable and which others work here (the caller phrases the hint)", async () => {
    const env = { PATH, AWS_VAULT_PASS_CMD: "/nonexistent/pass" };
    expect(await fail(openKeystore({ backend: "pass", env, platform: "linux" }))).toEqual({
      code: "KEYSTORE_UNAVAILABLE",
      message:
        "keystore backend 'pass' is not available: the pass program '/nonexistent/pass' was not found " +
        "(Debian: apt-get install pass; or set AWS_VAULT_PASS_CMD); backends available here: keyctl, file",
      data: { backend: "pass", available: "keyctl,file" },
    });
    expect((await fail(openKeystore({ backend: "keyctl", env: { PATH }, platform: "darwin" }))).message).toBe(
      "keystore backend 'keyctl' is not available: the kernel keyring exists on Linux only; backends available here: keychain, pass, file",
    );
  });

  it("lists the backends that work on this machine", async () => {
    expect(await availableBackends({ env: { PATH }, platform: "linux" })).toEqual(["keyctl", "pass", "file"]);
    expect(await availableBackends({ env: { PATH: "" }, platform: "linux" })).toEqual(["file"]);
    expect(await availableBackends({ env: { PATH }, platform: "win32" })).toEqual(["wincred", "file"]);
    expect(await availableBackends({ env: { PATH }, platform: "darwin" })).toEqual([
      "keychain",
      "pass",
      "file",
    ]);
  });
});

describe("openKeystore: options from the environment", () => {
  it("file: AWS_VAULT_FILE_DIR with ~/ expanded, else ~/.awsvault/keys", async () => {
    const home = tempDir();
    const custom = (await openKeystore({
      env: { AWS_VAULT_FILE_DIR: "~/vault" },
      homeDir: home,
    })) as FileKeystore;
    expect(custom.dir).toBe(join(home, "vault"));
    const fallback = (await openKeystore({ env: { HOME: home } })) as FileKeystore;
    expect(fallback.dir).toBe(join(home, ".awsvault", "keys"));
  });

  it("file: AWS_VAULT_FILE_PASSPHRASE wins, even empty, and the prompt is asked once otherwise", async () => {
    const home = tempDir();
    const prompts: string[] = [];
    const promptPassphrase = async (dir: string) => {
      prompts.push(dir);
      return "";
    };
    const fromEnv = await openKeystore({
      env: { HOME: home, AWS_VAULT_FILE_PASSPHRASE: "" },
      promptPassphrase,
    });
    await fromEnv.set("alice", "x");
    expect(prompts).toEqual([]);
    const prompted = await openKeystore({ env: { HOME: home }, promptPassphrase });
    expect(await prompted.get("alice")).toBe("x");
    await prompted.set("bob", "y");
    expect(prompts).toEqual([join(home, ".awsvault", "keys")]);
  });

  it("file: without a passphrase or a prompt, reading an item is PASSPHRASE_REQUIRED", async () => {
    const home = tempDir();
    await (await openKeystore({ env: { HOME: home, AWS_VAULT_FILE_PASSPHRASE: "pw" } })).set("alice", "x");
    const store = await openKeystore({ env: { HOME: home } });
    expect(await store.keys()).toEqual(["alice"]);
    expect(await fail(store.get("alice"))).toEqual({
      code: "PASSPHRASE_REQUIRED",
      message: `the file keystore '${join(home, ".awsvault", "keys")}' needs a passphrase`,
      data: { dir: join(home, ".awsvault", "keys") },
    });
  });

  it("file: VAULT_CLI_FILE_ITERATIONS sets p2c for new items", async () => {
    const home = tempDir();
    const env = { HOME: home, AWS_VAULT_FILE_PASSPHRASE: "pw", VAULT_CLI_FILE_ITERATIONS: "8192" };
    await (await openKeystore({ env })).set("alice", "x");
    const token = await readFile(join(home, ".awsvault", "keys", "alice"), "utf8");
    expect(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).p2c).toBe(8192);
    expect((await fail(openKeystore({ env: { ...env, VAULT_CLI_FILE_ITERATIONS: "many" } }))).code).toBe(
      "CONFIG_INVALID_SETTING",
    );
    expect((await fail(openKeystore({ env: { ...env, VAULT_CLI_FILE_ITERATIONS: "5000000" } }))).code).toBe(
      "CONFIG_INVALID_SETTING",
    );
  });

  it("pass: store dir, command and prefix", async () => {
    const env = {
      PATH,
      HOME: "/home/x",
      AWS_VAULT_PASS_PASSWORD_STORE_DIR: "~/store",
      AWS_VAULT_PASS_PREFIX: "aws",
    };
    const store = (await openKeystore({ backend: "pass", env, platform: "linux" })) as PassKeystore;
    expect(store.dir).toBe("/home/x/store");
    const fallback = (await openKeystore({
      backend: "pass",
      env: { PATH, HOME: "/h", PASSWORD_STORE_DIR: "/s" },
    })) as PassKeystore;
    expect(fallback.dir).toBe("/s");
  });

  it("keyctl: AWS_VAULT_KEYCTL_SCOPE, checked when opening", async () => {
    const env = { PATH, AWS_VAULT_KEYCTL_SCOPE: "process" };
    expect(await fail(openKeystore({ backend: "keyctl", env, platform: "linux" }))).toMatchObject({
      code: "CONFIG_INVALID_SETTING",
      message: expect.stringContaining("keyctl scope 'process' cannot keep items"),
    });
  });
});
