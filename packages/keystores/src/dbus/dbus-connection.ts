// A minimal D-Bus client: one Unix-socket connection to the session bus, SASL EXTERNAL, method calls matched
// to their replies by serial, and signals for the Secret Service's prompts. Every call has a deadline and
// every received message a size limit. Written for vault-cli's few calls; packages/keystores/README.md says why
// it is not one of npm's D-Bus packages (each costs ~20 ms to load and brings 19–26 packages).
import type { Socket } from "node:net";
import { type DbusMessage, decodeMessage, encodeMessage, MessageType, messageLength } from "./dbus-wire.js";

export interface DbusCall {
  readonly destination: string;
  readonly path: string;
  readonly interface: string;
  readonly member: string;
  readonly signature?: string;
  readonly body?: readonly unknown[];
  /** This call's deadline, when it waits for a person (KWallet's open shows a dialog); default 30s. */
  readonly timeoutMs?: number;
}

/** What a backend needs from a bus: a call that resolves to the reply's body. */
export interface DbusBus {
  /** Rejects with a DbusCallError (`name` = the D-Bus error name) when the peer answers with an error. */
  call(message: DbusCall): Promise<unknown[]>;
}

export interface DbusConnection extends DbusBus {
  /**
   * Subscribes to the signal, runs `start`, then resolves with the first matching signal's body. Rejects
   * when `timeoutMs` pass first (the error's name is `vault-cli.Timeout`).
   */
  nextSignal(match: SignalMatch, start: () => Promise<unknown>, timeoutMs: number): Promise<unknown[]>;
  close(): void;
}

/** Which signal to wait for; `sender` is the unique name of the only peer it is believed from. */
interface SignalMatch {
  readonly path: string;
  readonly interface: string;
  readonly member: string;
  readonly sender?: string;
}

/** An error reply, or a failure of the connection itself (name `vault-cli.*`). */
export class DbusCallError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

export interface DbusLimits {
  /** Connecting, authenticating and Hello together. */
  readonly connectMs: number;
  /** One method call, from sending to its reply. */
  readonly callMs: number;
  /** The largest message accepted; a larger one closes the connection. */
  readonly maxMessageBytes: number;
}

export const DBUS_LIMITS: DbusLimits = {
  connectMs: 5_000,
  callMs: 30_000,
  maxMessageBytes: 16 * 1024 * 1024,
};

const BUS = {
  destination: "org.freedesktop.DBus",
  path: "/org/freedesktop/DBus",
  interface: "org.freedesktop.DBus",
};

/** The socket paths an address names, in order (`unix:path=` and Linux's `unix:abstract=`). */
export function socketPaths(address: string): string[] {
  const paths: string[] = [];
  for (const entry of address.split(";")) {
    const colon = entry.indexOf(":");
    if (entry.slice(0, colon) !== "unix") continue;
    const params = new Map(
      entry
        .slice(colon + 1)
        .split(",")
        .map((pair) => {
          const eq = pair.indexOf("=");
          return [pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1))] as const;
        }),
    );
    const path = params.get("path");
    const abstract = params.get("abstract");
    if (path) paths.push(path);
    else if (abstract) paths.push(`\0${abstract}`);
  }
  return paths;
}

/** Connects to the bus at `address` and says Hello. */
export async function connectBus(address: string, limits: DbusLimits = DBUS_LIMITS): Promise<DbusConnection> {
  const paths = socketPaths(address);
  if (paths.length === 0) {
    throw new DbusCallError("vault-cli.BadAddress", `no unix socket in the D-Bus address '${address}'`);
  }
  let lastError: unknown;
  for (const path of paths) {
    try {
      return await open(path, limits);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function open(path: string, limits: DbusLimits): Promise<DbusConnection> {
  // Loaded on the first connection: importing a backend (or the package) must not cost node:net.
  const { createConnection } = await import("node:net");
  const socket = createConnection({ path });
  const deadline = setTimeout(
    () =>
      socket.destroy(
        new DbusCallError(
          "vault-cli.Timeout",
          `the D-Bus session bus did not answer within ${limits.connectMs / 1000}s`,
        ),
      ),
    limits.connectMs,
  );
  try {
    await authenticate(socket);
    const connection = new Connection(socket, limits);
    await connection.call({ ...BUS, member: "Hello" });
    return connection;
  } catch (error) {
    socket.destroy();
    if (error instanceof DbusCallError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new DbusCallError("vault-cli.NoConnection", `cannot connect to the D-Bus session bus: ${code}`);
  } finally {
    clearTimeout(deadline);
  }
}

/** SASL EXTERNAL with our uid: the bus checks it against the socket's credentials. */
function authenticate(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = "";
    const cleanup = () => {
      socket.off("data", onData);
      socket.off("error", reject);
      socket.off("close", onClose);
    };
    const onClose = () => {
      cleanup();
      reject(new DbusCallError("vault-cli.NoConnection", "the D-Bus session bus closed the connection"));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.toString("latin1");
      if (received.length > 512) return onClose();
      const end = received.indexOf("\r\n");
      if (end < 0) return;
      cleanup();
      if (received.startsWith("OK ")) {
        socket.write("BEGIN\r\n");
        resolve();
      } else {
        reject(new DbusCallError("vault-cli.AuthFailed", "the D-Bus session bus refused our credentials"));
      }
    };
    socket.on("data", onData);
    socket.on("error", reject);
    socket.on("close", onClose);
    const uid = String(process.getuid?.() ?? "");
    socket.write(`\0AUTH EXTERNAL ${Buffer.from(uid, "ascii").toString("hex")}\r\n`);
  });
}

interface Pending {
  readonly resolve: (body: unknown[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

class Connection implements DbusConnection {
  private serial = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly signalListeners = new Set<(message: DbusMessage) => void>();
  /** What waits for a signal, told when the connection fails (it would otherwise wait out its timeout). */
  private readonly signalWaiters = new Set<(error: Error) => void>();
  private received: Buffer = Buffer.alloc(0);
  private closedError: Error | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly limits: DbusLimits,
  ) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () =>
      this.fail(new DbusCallError("vault-cli.NoConnection", "the D-Bus connection was closed")),
    );
    // The connection never keeps the process alive by itself: a pending call's timer does.
    socket.unref();
  }

  call(message: DbusCall): Promise<unknown[]> {
    if (this.closedError) return Promise.reject(this.closedError);
    const serial = ++this.serial;
    const { timeoutMs = this.limits.callMs, ...call } = message;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(serial);
        reject(
          new DbusCallError(
            "vault-cli.Timeout",
            `${message.interface}.${message.member} got no answer within ${timeoutMs / 1000}s`,
          ),
        );
      }, timeoutMs);
      this.pending.set(serial, { resolve, reject, timer });
      this.socket.write(
        encodeMessage({ type: MessageType.methodCall, serial, ...call, body: call.body ?? [] }),
      );
    });
  }

  async nextSignal(match: SignalMatch, start: () => Promise<unknown>, timeoutMs: number): Promise<unknown[]> {
    const from = match.sender ? `,sender='${match.sender}'` : "";
    const rule = `type='signal'${from},path='${match.path}',interface='${match.interface}',member='${match.member}'`;
    await this.call({ ...BUS, member: "AddMatch", signature: "s", body: [rule] });
    let listener: ((message: DbusMessage) => void) | undefined;
    let waiter: ((error: Error) => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const signal = new Promise<unknown[]>((resolve, reject) => {
      listener = (message) => {
        if (
          message.path === match.path &&
          message.interface === match.interface &&
          message.member === match.member &&
          (match.sender === undefined || message.sender === match.sender)
        ) {
          resolve([...message.body]);
        }
      };
      waiter = reject;
      this.signalListeners.add(listener);
      this.signalWaiters.add(waiter);
      timer = setTimeout(
        () =>
          reject(
            new DbusCallError("vault-cli.Timeout", `no ${match.member} signal within ${timeoutMs / 1000}s`),
          ),
        timeoutMs,
      );
    });
    // Handled at once: the signal may fail (timeout, a closed bus) while start() is still waiting.
    signal.catch(() => undefined);
    try {
      await start();
      return await signal;
    } finally {
      if (listener) this.signalListeners.delete(listener);
      if (waiter) this.signalWaiters.delete(waiter);
      clearTimeout(timer);
      this.call({ ...BUS, member: "RemoveMatch", signature: "s", body: [rule] }).catch(() => undefined);
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length ? Buffer.concat([this.received, chunk]) : chunk;
    try {
      for (;;) {
        const length = messageLength(this.received);
        if (length === undefined) return;
        if (length > this.limits.maxMessageBytes) {
          throw new DbusCallError(
            "vault-cli.TooLarge",
            `a D-Bus message of ${length} bytes is over the ${this.limits.maxMessageBytes}-byte limit`,
          );
        }
        if (this.received.length < length) return;
        const message = decodeMessage(this.received.subarray(0, length));
        this.received = this.received.subarray(length);
        this.dispatch(message);
      }
    } catch (error) {
      const failure =
        error instanceof DbusCallError
          ? error
          : new DbusCallError(
              "vault-cli.BadMessage",
              `a malformed D-Bus message: ${(error as Error).message}`,
            );
      this.fail(failure);
      this.socket.destroy();
    }
  }

  private dispatch(message: DbusMessage): void {
    if (message.type === MessageType.signal) {
      for (const listener of this.signalListeners) listener(message);
      return;
    }
    const pending = message.replySerial === undefined ? undefined : this.pending.get(message.replySerial);
    if (!pending) return;
    this.pending.delete(message.replySerial as number);
    clearTimeout(pending.timer);
    if (message.type === MessageType.error) {
      const text = typeof message.body[0] === "string" ? message.body[0] : "";
      pending.reject(new DbusCallError(message.errorName ?? "org.freedesktop.DBus.Error.Failed", text));
    } else {
      pending.resolve([...message.body]);
    }
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    for (const waiter of this.signalWaiters) waiter(this.closedError);
    this.signalWaiters.clear();
    for (const [serial, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(this.closedError);
      this.pending.delete(serial);
    }
  }
}
