import { createServer, type Server } from "node:net";
import {
  type DbusMessage,
  decodeMessage,
  encodeMessage,
  MessageType,
  messageLength,
} from "../../src/dbus/dbus-wire.js";

/** What the fake bus does with a call: answer with a body (then send `signals`), hang up, or say nothing. */
export type FakeBusAnswer =
  | { readonly signature?: string; readonly body: unknown[]; readonly signals?: readonly DbusMessage[] }
  | "hang up"
  | "silence";

/**
 * A bus on a Unix socket that accepts SASL EXTERNAL and answers each method call as `answer` says (Hello is
 * answered by default). For what a real dbus-daemon cannot be made to do: stall, or go away mid-call.
 */
export function fakeBus(path: string, answer: (call: DbusMessage) => FakeBusAnswer): Promise<Server> {
  const server = createServer((socket) => {
    let buffered = Buffer.alloc(0);
    let authenticated = false;
    socket.on("error", () => undefined);
    socket.on("data", (data: Buffer) => {
      let chunk = data;
      if (!authenticated) {
        if (chunk.includes("AUTH EXTERNAL")) socket.write("OK 0123456789abcdef0123456789abcdef\r\n");
        if (!chunk.includes("BEGIN")) return;
        authenticated = true;
        chunk = chunk.subarray(chunk.indexOf("BEGIN\r\n") + 7);
      }
      buffered = Buffer.concat([buffered, chunk]);
      for (
        let n = messageLength(buffered);
        n !== undefined && buffered.length >= n;
        n = messageLength(buffered)
      ) {
        const call = decodeMessage(buffered.subarray(0, n));
        buffered = buffered.subarray(n);
        const reply = call.member === "Hello" ? { signature: "s", body: [":1.7"] } : answer(call);
        if (reply === "hang up") return socket.destroy();
        if (reply === "silence") continue;
        socket.write(
          encodeMessage({
            type: MessageType.methodReturn,
            serial: call.serial + 1000,
            replySerial: call.serial,
            ...(reply.signature ? { signature: reply.signature } : {}),
            body: reply.body,
          }),
        );
        for (const signal of reply.signals ?? []) socket.write(encodeMessage(signal));
      }
    });
  });
  return new Promise((resolve) => server.listen(path, () => resolve(server)));
}
