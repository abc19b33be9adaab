import { join } from "node:path";
import { encodeKeyringItem, isVaultError } from "@vault-cli/core";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { connectBus } from "../src/dbus/dbus-connection.js";
import type { DbusMessage } from "../src/dbus/dbus-wire.js";
import { secretServiceKeystore } from "../src/secret-service/index.js";
import { type FakeBusAnswer, fakeBus } from "./support/fake-bus.js";

// What gnome-keyring cannot be made to do: a service without the DH transfer, a prompt nobody answers.
const COLLECTION = "/org/freedesktop/secrets/collection/awsvault";
const ITEM = `${COLLECTION}/1`;

function secretService(options: { dh: boolean; unlockPrompt?: string }) {
  const calls: string[] = [];
  const answer = (call: DbusMessage): FakeBusAnswer => {
    calls.push(`${call.member}${call.member === "OpenSession" ? `(${call.body[0]})` : ""}`);
    switch (call.member) {
      case "OpenSession":
        return call.body[0] === "plain" || options.dh
          ? { signature: "vo", body: [["s", ""], "/org/freedesktop/secrets/session/1"] }
          : { error: "org.freedesktop.DBus.Error.NotSupported", message: "no such algorithm" };
      case "Get":
        return { signature: "v", body: [["ao", [COLLECTION]]] };
      case "Unlock":
        return { signature: "aoo", body: [[], options.unlockPrompt ?? "/"] };
      case "SearchItems":
        return { signature: "ao", body: [[ITEM]] };
      case "GetSecret": {
        const item = encodeKeyringItem({ key: "alice", data: "the data" });
        return {
          signature: "(oayays)",
          body: [
            ["/org/freedesktop/secrets/session/1", Buffer.alloc(0), Buffer.from(item), "application/json"],
          ],
        };
      }
      case "GetNameOwner":
        return { signature: "s", body: [":1.1"] };
      default:
        return { body: [] }; // AddMatch, RemoveMatch, Prompt, Dismiss
    }
  };
  return { calls, answer };
}

async function withService(
  options: { dh: boolean; unlockPrompt?: string },
  run: (path: string, calls: string[]) => Promise<void>,
) {
  const path = join(tempDir("secret-service-fake"), "bus");
  const { calls, answer } = secretService(options);
  const server = await fakeBus(path, answer);
  try {
    await run(path, calls);
  } finally {
    server.close();
  }
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (isVaultError(error) ? { code: error.code, message: error.message } : error),
  );

describe("secret-service: a service without DH, and a prompt nobody answers (fake bus)", () => {
  it("falls back to the plain transfer by default, and refuses it when DH was asked for", async () => {
    await withService({ dh: false }, async (path, calls) => {
      const connect = () => connectBus(`unix:path=${path}`);
      const byDefault = secretServiceKeystore({ connect });
      expect(await byDefault.get("alice")).toBe("the data");
      expect(calls.filter((c) => c.startsWith("OpenSession"))).toEqual([
        "OpenSession(dh-ietf1024-sha256-aes128-cbc-pkcs7)",
        "OpenSession(plain)",
      ]);
      byDefault.close();
      const insisting = secretServiceKeystore({ connect, transfer: "dh" });
      expect(await failure(insisting.get("alice"))).toEqual({
        code: "KEYSTORE_UNAVAILABLE",
        message:
          'the Secret Service does not offer the dh-ietf1024-sha256-aes128-cbc-pkcs7 transfer, and transfer "dh" was asked for',
      });
      insisting.close();
    });
  });

  it("an unlock prompt without an answer is dismissed after the prompt timeout: KEYSTORE_LOCKED", async () => {
    await withService(
      { dh: true, unlockPrompt: "/org/freedesktop/secrets/prompt/u1" },
      async (path, calls) => {
        const keystore = secretServiceKeystore({
          connect: () => connectBus(`unix:path=${path}`),
          promptTimeoutMs: 300,
        });
        expect(await failure(keystore.get("alice"))).toEqual({
          code: "KEYSTORE_LOCKED",
          message:
            "the Secret Service's prompt to unlock the collection 'awsvault' got no answer within 0.3s",
        });
        expect(calls).toContain("Prompt");
        expect(calls).toContain("Dismiss");
        keystore.close();
      },
    );
  });
});
