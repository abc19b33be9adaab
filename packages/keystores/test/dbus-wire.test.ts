import { createServer } from "node:net";
import { join } from "node:path";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { connectBus, DbusCallError, socketPaths } from "../src/dbus/dbus-connection.js";
import {
  decodeMessage,
  encodeMessage,
  MessageType,
  messageLength,
  parseSignature,
  WireReader,
  WireWriter,
} from "../src/dbus/dbus-wire.js";
import { fakeBus } from "./support/fake-bus.js";

function roundTrip(signature: string, values: unknown[]): unknown[] {
  const writer = new WireWriter();
  writer.write(signature, values);
  return new WireReader(writer.finish(), true).read(signature);
}

describe("D-Bus wire format", () => {
  it("round-trips every type the Secret Service and KWallet use, with alignment", () => {
    const values = [
      7,
      true,
      -2,
      65_000,
      -70_000,
      4_000_000_000,
      -(2n ** 40n),
      2n ** 63n,
      1.5,
      "prøfil 🚀",
      "/org/freedesktop/secrets/collection/awsvault",
      "a{sv}",
      ["ay", Buffer.from([1, 2, 3])],
      new Map([["profile", "alice"]]),
      ["/session/1", Buffer.alloc(16, 9), Buffer.from("{}"), "application/json"],
      ["/a", "/b"],
    ];
    expect(roundTrip("ybnqiuxtdsogva{ss}(oayays)ao", values)).toEqual(values);
  });

  it("writes array lengths without the padding before the first element (a(yv) of a header)", () => {
    const writer = new WireWriter();
    writer.write("a{sv}", [new Map([["k", ["u", 5]]])]);
    const bytes = writer.finish();
    // length (4), 4 bytes of padding to the 8-aligned entry, then "k" (4+1+1), "u" signature (3), pad, uint32
    expect(bytes.length).toBe(24);
    expect(bytes.readUInt32LE(0)).toBe(16);
    expect(new WireReader(bytes, true).read("a{sv}")).toEqual([new Map([["k", ["u", 5]]])]);
  });

  it("refuses malformed signatures and messages instead of reading past them", () => {
    expect(() => parseSignature("a{vs}")).toThrow("dict key in 'a{vs}' is not basic");
    expect(() => parseSignature("(s")).toThrow("not closed");
    expect(() => parseSignature("h")).toThrow("unsupported type 'h'");
    expect(() => parseSignature("a".repeat(40) + "y")).toThrow("nests too deep");
    const message = encodeMessage({
      type: MessageType.methodCall,
      serial: 3,
      path: "/org/freedesktop/secrets",
      interface: "org.freedesktop.Secret.Service",
      member: "SearchItems",
      destination: "org.freedesktop.secrets",
      signature: "a{ss}",
      body: [new Map([["profile", "alice"]])],
    });
    expect(messageLength(message)).toBe(message.length);
    expect(decodeMessage(message)).toMatchObject({
      serial: 3,
      member: "SearchItems",
      signature: "a{ss}",
      body: [new Map([["profile", "alice"]])],
    });
    expect(() => decodeMessage(message.subarray(0, message.length - 4))).toThrow();
    const bad = Buffer.from(message);
    bad[0] = 0x51;
    expect(() => messageLength(bad)).toThrow("bad endianness byte 81");
  });

  it("decodes a whole big-endian reply: header fields, reply serial, signature, body", () => {
    const message = Buffer.from([
      0x42,
      2,
      0,
      1, // 'B', method return, no flags, version 1
      0,
      0,
      0,
      7, // body length
      0,
      0,
      0,
      9, // serial
      0,
      0,
      0,
      15, // header fields array length
      5,
      1,
      0x75,
      0,
      0,
      0,
      0,
      3, // (REPLY_SERIAL, variant u 3)
      8,
      1,
      0x67,
      0,
      1,
      0x73,
      0, // (SIGNATURE, variant g "s")
      0, // padding to 8
      0,
      0,
      0,
      2,
      0x68,
      0x69,
      0, // "hi"
    ]);
    expect(messageLength(message)).toBe(message.length);
    expect(decodeMessage(message)).toEqual({
      type: 2,
      serial: 9,
      replySerial: 3,
      signature: "s",
      body: ["hi"],
    });
  });

  it("reads big-endian messages too", () => {
    const body = Buffer.from([0, 0, 0, 2, 0x68, 0x69, 0]); // string "hi"
    expect(new WireReader(body, false).read("s")).toEqual(["hi"]);
  });
});

describe("D-Bus addresses and connections", () => {
  it("finds unix paths and abstract sockets, decoding %XX, and skips other transports", () => {
    expect(socketPaths("tcp:host=127.0.0.1,port=1;unix:path=/run/user/1000/bus,guid=ab")).toEqual([
      "/run/user/1000/bus",
    ]);
    expect(socketPaths("unix:abstract=/tmp/dbus-x%2cy,guid=1")).toEqual(["\0/tmp/dbus-x,y"]);
    expect(socketPaths("unix:tmpdir=/tmp")).toEqual([]);
  });

  it("a bus that refuses our credentials, or never answers, is a clear error", async () => {
    const dir = tempDir("dbus");
    const refusing = join(dir, "refusing");
    const silent = join(dir, "silent");
    const servers = [
      createServer((socket) => socket.on("data", () => socket.write("REJECTED EXTERNAL\r\n"))).listen(
        refusing,
      ),
      createServer(() => undefined).listen(silent),
    ];
    try {
      await expect(connectBus(`unix:path=${refusing}`)).rejects.toMatchObject({
        name: "vault-cli.AuthFailed",
        message: "the D-Bus session bus refused our credentials",
      });
      const error = await connectBus(`unix:path=${silent}`, {
        connectMs: 200,
        callMs: 200,
        maxMessageBytes: 1024,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DbusCallError);
      expect((error as Error).message).toBe("the D-Bus session bus did not answer within 0.2s");
    } finally {
      for (const server of servers) server.close();
    }
  });

  it("a call without an answer times out, and a message over the size limit closes the connection", async () => {
    const dir = tempDir("dbus");
    const mute = join(dir, "mute");
    const huge = join(dir, "huge");
    // Both accept our credentials; then one never answers Hello, the other answers with a 20 MiB header.
    const accepting = (after: (socket: import("node:net").Socket) => void) =>
      createServer((socket) => {
        let authenticated = false;
        socket.on("data", (chunk) => {
          if (!authenticated && chunk.includes("AUTH EXTERNAL")) {
            authenticated = true;
            socket.write("OK 0123456789abcdef0123456789abcdef\r\n");
          } else if (chunk.includes("BEGIN")) after(socket);
        });
      });
    const tooLarge = Buffer.alloc(16);
    tooLarge.write("l", 0);
    tooLarge.writeUInt8(MessageType.methodReturn, 1);
    tooLarge.writeUInt8(1, 3);
    tooLarge.writeUInt32LE(20 * 1024 * 1024, 4);
    const servers = [
      accepting(() => undefined).listen(mute),
      accepting((socket) => socket.write(tooLarge)).listen(huge),
    ];
    const limits = { connectMs: 2_000, callMs: 100, maxMessageBytes: 16 * 1024 * 1024 };
    try {
      await expect(connectBus(`unix:path=${mute}`, limits)).rejects.toMatchObject({
        name: "vault-cli.Timeout",
        message: "org.freedesktop.DBus.Hello got no answer within 0.1s",
      });
      await expect(connectBus(`unix:path=${huge}`, limits)).rejects.toMatchObject({
        name: "vault-cli.TooLarge",
        message: "a D-Bus message of 20971536 bytes is over the 16777216-byte limit",
      });
    } finally {
      for (const server of servers) server.close();
    }
  });

  it("a closed connection fails a call and a signal wait at once, never as an unhandled rejection", async () => {
    const path = join(tempDir("dbus"), "closing");
    // Answers AddMatch, then hangs up on the next call (the Prompt the wait was started for).
    const server = await fakeBus(path, (call) =>
      call.member === "AddMatch" || call.member === "RemoveMatch" ? { body: [] } : "hang up",
    );
    try {
      const connection = await connectBus(`unix:path=${path}`);
      const waited = connection.nextSignal(
        { path: "/prompt/1", interface: "org.freedesktop.Secret.Prompt", member: "Completed" },
        () =>
          connection.call({
            destination: "org.freedesktop.secrets",
            path: "/prompt/1",
            interface: "org.freedesktop.Secret.Prompt",
            member: "Prompt",
            signature: "s",
            body: [""],
          }),
        60_000,
      );
      // At once, not after the signal's own 60s deadline (which would fail the test by its timeout).
      await expect(waited).rejects.toMatchObject({ name: "vault-cli.NoConnection" });
    } finally {
      server.close();
    }
  });

  it("a signal wait with a sender takes the signal from that peer only (a forged one is ignored)", async () => {
    const path = join(tempDir("dbus"), "signals");
    const completed = (sender: string, dismissed: boolean) => ({
      type: MessageType.signal,
      serial: 1,
      sender,
      path: "/prompt/2",
      interface: "org.freedesktop.Secret.Prompt",
      member: "Completed",
      signature: "bv",
      body: [dismissed, ["s", sender]],
    });
    const server = await fakeBus(path, (call) =>
      call.member === "Prompt"
        ? { body: [], signals: [completed(":1.99", false), completed(":1.5", true)] }
        : { body: [] },
    );
    try {
      const connection = await connectBus(`unix:path=${path}`);
      const answer = await connection.nextSignal(
        {
          path: "/prompt/2",
          interface: "org.freedesktop.Secret.Prompt",
          member: "Completed",
          sender: ":1.5",
        },
        () =>
          connection.call({
            destination: "org.freedesktop.secrets",
            path: "/prompt/2",
            interface: "org.freedesktop.Secret.Prompt",
            member: "Prompt",
            signature: "s",
            body: [""],
          }),
        60_000,
      );
      expect(answer).toEqual([true, ["s", ":1.5"]]);
      connection.close();
    } finally {
      server.close();
    }
  });

  it("matches replies by serial across error replies, split and coalesced writes", async () => {
    const path = join(tempDir("dbus"), "replies");
    const server = await fakeBus(path, (call) => {
      if (call.member === "Fails") return { error: "org.example.Error.Nope", message: "not today" };
      if (call.member === "Slowly") return { signature: "s", body: ["byte by byte"], bytewise: true };
      return { signature: "as", body: [["a", "b"]] };
    });
    try {
      const connection = await connectBus(`unix:path=${path}`);
      const at = { destination: "org.example", path: "/org/example", interface: "org.example.Test" };
      const [failed, slow, listed] = await Promise.allSettled([
        connection.call({ ...at, member: "Fails" }),
        connection.call({ ...at, member: "Slowly" }),
        connection.call({ ...at, member: "List" }),
      ]);
      expect(failed).toMatchObject({
        status: "rejected",
        reason: { name: "org.example.Error.Nope", message: "not today" },
      });
      expect(slow).toEqual({ status: "fulfilled", value: ["byte by byte"] });
      expect(listed).toEqual({ status: "fulfilled", value: [["a", "b"]] });
      connection.close();
      await expect(connection.call({ ...at, member: "List" })).rejects.toMatchObject({
        name: "vault-cli.NoConnection",
      });
    } finally {
      server.close();
    }
  });
});
