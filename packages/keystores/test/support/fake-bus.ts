import { createServer, type Server } from "node:net";
import {
  type DbusMessage,
  decodeMessage,
  encodeMessage,
  MessageType,
  messageLength,
} from "../../src/dbus/dbus-wire.js";

/**
 * What the fake bus does with a call: answer with a body (then send `signals`, in the same write), answer with
 * an error, hang up, or say nothing. `bytewise` sends the answer one byte per write.
 */
export type FakeBusAnswer =
  | {
      readonly signature?: string;
      readonly body: unknown[];
      readonly signals?: readonly DbusMessage[];
      readonly bytewise?: boolean;
    }
  | { readonly error: string; readonly message: string }
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
        if ("error" in reply) {
          socket.write(
            encodeMessage({
              type: MessageType.error,
              serial: call.serial + 1000,
              replySerial: call.serial,
              errorName: reply.error,
              signature: "s",
              body: [reply.message],
            }),
          );
          continue;
        }
        const bytes = Buffer.concat([
          encodeMessage({
            type: MessageType.methodReturn,
            serial: call.serial + 1000,
            replySerial: call.serial,
            ...(reply.signature ? { signature: reply.signature } : {}),
            body: reply.body,
          }),
          ...(reply.signals ?? []).map((signal) => encodeMessage(signal)),
        ]);
        if (reply.bytewise) for (const byte of bytes) socket.write(Uint8Array.of(byte));
        else socket.write(bytes);
      }
    });
  });
  return new Promise((resolve) => server.listen(path, () => resolve(server)));
}
