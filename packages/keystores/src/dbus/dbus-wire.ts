// The D-Bus wire format (the "D-Bus Specification", Message Protocol), for the handful of types the
// Secret Service and KWallet use. Values map to JavaScript as:
//   s o g -> string; y n q i u d -> number; x t -> bigint; b -> boolean; ay -> Buffer;
//   other arrays -> arrays; a{kv} -> Map; struct -> array; variant -> [signature, value].
// Unix file descriptors (h) are not supported: nothing vault-cli calls passes one.

/** A parsed single complete type. */
type TypeNode =
  | { readonly code: "y" | "b" | "n" | "q" | "i" | "u" | "x" | "t" | "d" | "s" | "o" | "g" | "v" }
  | { readonly code: "a"; readonly element: TypeNode }
  | { readonly code: "("; readonly fields: readonly TypeNode[] }
  | { readonly code: "{"; readonly key: TypeNode; readonly value: TypeNode };

/** A variant as this module reads and writes it: its signature and its value. */
export type Variant = readonly [signature: string, value: unknown];

const BASIC = "ybnqiuxtdsog";
const ALIGN: Record<string, number> = {
  y: 1,
  b: 4,
  n: 2,
  q: 2,
  i: 4,
  u: 4,
  x: 8,
  t: 8,
  d: 8,
  s: 4,
  o: 4,
  g: 1,
  v: 1,
  a: 4,
  "(": 8,
  "{": 8,
};
/** The spec's limits: 255 bytes of signature, containers nested at most 32 deep. */
const MAX_SIGNATURE = 255;
const MAX_DEPTH = 32;

class DbusWireError extends Error {
  override readonly name = "DbusWireError";
}

/** Splits a signature into its complete types. */
export function parseSignature(signature: string): TypeNode[] {
  if (signature.length > MAX_SIGNATURE) throw new DbusWireError(`signature longer than ${MAX_SIGNATURE}`);
  let at = 0;
  const one = (depth: number): TypeNode => {
    if (depth > MAX_DEPTH) throw new DbusWireError(`signature '${signature}' nests too deep`);
    const code = signature[at++];
    if (code === undefined) throw new DbusWireError(`signature '${signature}' ends early`);
    if (BASIC.includes(code) || code === "v") return { code } as TypeNode;
    if (code === "a") {
      if (signature[at] === "{") {
        at++;
        const key = one(depth + 1);
        if (!BASIC.includes(key.code)) throw new DbusWireError(`dict key in '${signature}' is not basic`);
        const value = one(depth + 1);
        if (signature[at++] !== "}") throw new DbusWireError(`dict entry in '${signature}' is not closed`);
        return { code: "a", element: { code: "{", key, value } };
      }
      return { code: "a", element: one(depth + 1) };
    }
    if (code === "(") {
      const fields: TypeNode[] = [];
      while (signature[at] !== ")") {
        if (at >= signature.length) throw new DbusWireError(`struct in '${signature}' is not closed`);
        fields.push(one(depth + 1));
      }
      at++;
      if (fields.length === 0) throw new DbusWireError(`empty struct in '${signature}'`);
      return { code: "(", fields };
    }
    throw new DbusWireError(`unsupported type '${code}' in signature '${signature}'`);
  };
  const types: TypeNode[] = [];
  while (at < signature.length) types.push(one(0));
  return types;
}

/** Builds a little-endian message body; offsets count from the message start (`base`), for alignment. */
export class WireWriter {
  private buffer = Buffer.alloc(256);
  length = 0;
  constructor(private readonly base = 0) {}

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const next = Buffer.alloc(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }
  align(to: number): void {
    const pad = (to - ((this.base + this.length) % to)) % to;
    this.reserve(pad);
    this.buffer.fill(0, this.length, this.length + pad);
    this.length += pad;
  }
  private fixed(bytes: number, write: (at: number) => void): void {
    this.align(bytes);
    this.reserve(bytes);
    write(this.length);
    this.length += bytes;
  }
  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }
  uint32(value: number): void {
    this.fixed(4, (at) => this.buffer.writeUInt32LE(value, at));
  }

  write(signature: string, values: readonly unknown[]): void {
    const types = parseSignature(signature);
    if (types.length !== values.length) {
      throw new DbusWireError(`signature '${signature}' has ${types.length} values, ${values.length} given`);
    }
    for (const [i, type] of types.entries()) this.value(type, values[i]);
  }

  private value(type: TypeNode, value: unknown): void {
    // Each write goes through this.buffer at call time: reserve() may have replaced it.
    switch (type.code) {
      case "y":
        this.fixed(1, (at) => this.buffer.writeUInt8(Number(value), at));
        break;
      case "b":
        this.fixed(4, (at) => this.buffer.writeUInt32LE(value ? 1 : 0, at));
        break;
      case "n":
        this.fixed(2, (at) => this.buffer.writeInt16LE(Number(value), at));
        break;
      case "q":
        this.fixed(2, (at) => this.buffer.writeUInt16LE(Number(value), at));
        break;
      case "i":
        this.fixed(4, (at) => this.buffer.writeInt32LE(Number(value), at));
        break;
      case "u":
        this.fixed(4, (at) => this.buffer.writeUInt32LE(Number(value), at));
        break;
      case "x":
        this.fixed(8, (at) => this.buffer.writeBigInt64LE(BigInt(value as bigint), at));
        break;
      case "t":
        this.fixed(8, (at) => this.buffer.writeBigUInt64LE(BigInt(value as bigint), at));
        break;
      case "d":
        this.fixed(8, (at) => this.buffer.writeDoubleLE(Number(value), at));
        break;
      case "s":
      case "o": {
        const text = Buffer.from(String(value), "utf8");
        this.uint32(text.length);
        this.bytes(text);
        this.bytes(ZERO);
        break;
      }
      case "g": {
        const text = Buffer.from(String(value), "ascii");
        this.bytes(Uint8Array.of(text.length));
        this.bytes(text);
        this.bytes(ZERO);
        break;
      }
      case "v": {
        const [signature, inner] = value as Variant;
        const types = parseSignature(signature);
        if (types.length !== 1) throw new DbusWireError(`variant signature '${signature}' is not one type`);
        this.value({ code: "g" }, signature);
        this.value(types[0] as TypeNode, inner);
        break;
      }
      case "(": {
        this.align(8);
        const fields = value as readonly unknown[];
        for (const [i, field] of type.fields.entries()) this.value(field, fields[i]);
        break;
      }
      case "{":
        throw new DbusWireError("a dict entry outside an array");
      case "a":
        this.array(type.element, value);
        break;
    }
  }

  private array(element: TypeNode, value: unknown): void {
    this.uint32(0);
    const lengthAt = this.length - 4;
    this.align(ALIGN[element.code] as number);
    const start = this.length;
    if (element.code === "y") {
      this.bytes(value as Uint8Array);
    } else if (element.code === "{") {
      const entries = value instanceof Map ? [...value] : Object.entries(value as Record<string, unknown>);
      for (const [k, v] of entries) {
        this.align(8);
        this.value(element.key, k);
        this.value(element.value, v);
      }
    } else {
      for (const item of value as readonly unknown[]) this.value(element, item);
    }
    this.buffer.writeUInt32LE(this.length - start, lengthAt);
  }

  finish(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
const ZERO = Uint8Array.of(0);

/** Reads values from a received message; every read is bounds-checked, so a bad message throws, never hangs. */
export class WireReader {
  at: number;
  constructor(
    private readonly buffer: Buffer,
    private readonly littleEndian: boolean,
    start = 0,
    private readonly end = buffer.length,
  ) {
    this.at = start;
  }

  private need(bytes: number): void {
    if (this.at + bytes > this.end) throw new DbusWireError("message ends inside a value");
  }
  align(to: number): void {
    this.at += (to - (this.at % to)) % to;
    if (this.at > this.end) throw new DbusWireError("message ends inside padding");
  }
  private fixed<T>(bytes: number, le: (at: number) => T, be: (at: number) => T): T {
    this.align(bytes);
    this.need(bytes);
    const value = this.littleEndian ? le(this.at) : be(this.at);
    this.at += bytes;
    return value;
  }
  uint32(): number {
    return this.fixed(
      4,
      (at) => this.buffer.readUInt32LE(at),
      (at) => this.buffer.readUInt32BE(at),
    );
  }

  read(signature: string): unknown[] {
    return parseSignature(signature).map((type) => this.value(type));
  }

  private value(type: TypeNode): unknown {
    const b = this.buffer;
    switch (type.code) {
      case "y":
        this.need(1);
        return b[this.at++];
      case "b":
        return this.uint32() !== 0;
      case "n":
        return this.fixed(
          2,
          (at) => b.readInt16LE(at),
          (at) => b.readInt16BE(at),
        );
      case "q":
        return this.fixed(
          2,
          (at) => b.readUInt16LE(at),
          (at) => b.readUInt16BE(at),
        );
      case "i":
        return this.fixed(
          4,
          (at) => b.readInt32LE(at),
          (at) => b.readInt32BE(at),
        );
      case "u":
        return this.uint32();
      case "x":
        return this.fixed(
          8,
          (at) => b.readBigInt64LE(at),
          (at) => b.readBigInt64BE(at),
        );
      case "t":
        return this.fixed(
          8,
          (at) => b.readBigUInt64LE(at),
          (at) => b.readBigUInt64BE(at),
        );
      case "d":
        return this.fixed(
          8,
          (at) => b.readDoubleLE(at),
          (at) => b.readDoubleBE(at),
        );
      case "s":
      case "o":
        return this.text(this.uint32());
      case "g":
        this.need(1);
        return this.text(b[this.at++] as number);
      case "v": {
        const signature = this.value({ code: "g" }) as string;
        const types = parseSignature(signature);
        if (types.length !== 1) throw new DbusWireError(`variant signature '${signature}' is not one type`);
        return [signature, this.value(types[0] as TypeNode)] as Variant;
      }
      case "(": {
        this.align(8);
        return type.fields.map((field) => this.value(field));
      }
      case "{":
        throw new DbusWireError("a dict entry outside an array");
      case "a":
        return this.array(type.element);
    }
  }

  private text(length: number): string {
    this.need(length + 1);
    const text = this.buffer.toString("utf8", this.at, this.at + length);
    if (this.buffer[this.at + length] !== 0) throw new DbusWireError("string is not nul-terminated");
    this.at += length + 1;
    return text;
  }

  private array(element: TypeNode): unknown {
    const length = this.uint32();
    this.align(ALIGN[element.code] as number);
    this.need(length);
    const end = this.at + length;
    if (element.code === "y") {
      const bytes = Buffer.from(this.buffer.subarray(this.at, end));
      this.at = end;
      return bytes;
    }
    if (element.code === "{") {
      const map = new Map<unknown, unknown>();
      while (this.at < end) {
        this.align(8);
        map.set(this.value(element.key), this.value(element.value));
      }
      if (this.at !== end) throw new DbusWireError("dict entries overrun the array's length");
      return map;
    }
    const items: unknown[] = [];
    while (this.at < end) items.push(this.value(element));
    if (this.at !== end) throw new DbusWireError("array elements overrun the array's length");
    return items;
  }
}

export const MessageType = { methodCall: 1, methodReturn: 2, error: 3, signal: 4 } as const;
const FIELD = {
  path: 1,
  interface: 2,
  member: 3,
  errorName: 4,
  replySerial: 5,
  destination: 6,
  sender: 7,
  signature: 8,
} as const;
const NO_REPLY_EXPECTED = 0x1;

export interface DbusMessage {
  readonly type: number;
  readonly serial: number;
  readonly path?: string;
  readonly interface?: string;
  readonly member?: string;
  readonly errorName?: string;
  readonly replySerial?: number;
  readonly destination?: string;
  readonly sender?: string;
  readonly signature?: string;
  readonly body: readonly unknown[];
}

/** A message as bytes, little-endian (the client sends calls; tests' fake buses send the rest). */
export function encodeMessage(message: DbusMessage, noReply = false): Buffer {
  const signature = message.signature ?? "";
  const bodyWriter = new WireWriter();
  if (signature) bodyWriter.write(signature, message.body);
  const body = bodyWriter.finish();

  const header = new WireWriter();
  header.bytes(Uint8Array.of(0x6c /* 'l' */, message.type, noReply ? NO_REPLY_EXPECTED : 0, 1));
  header.uint32(body.length);
  header.uint32(message.serial);
  const fields: [number, Variant][] = [];
  if (message.path) fields.push([FIELD.path, ["o", message.path]]);
  if (message.interface) fields.push([FIELD.interface, ["s", message.interface]]);
  if (message.member) fields.push([FIELD.member, ["s", message.member]]);
  if (message.errorName) fields.push([FIELD.errorName, ["s", message.errorName]]);
  if (message.replySerial !== undefined) fields.push([FIELD.replySerial, ["u", message.replySerial]]);
  if (message.destination) fields.push([FIELD.destination, ["s", message.destination]]);
  if (message.sender) fields.push([FIELD.sender, ["s", message.sender]]);
  if (signature) fields.push([FIELD.signature, ["g", signature]]);
  header.write("a(yv)", [fields]);
  header.align(8);
  return Buffer.concat([header.finish(), body]);
}

/** The whole length of the message starting at `buffer[0]`, once its first 16 bytes are in; or undefined. */
export function messageLength(buffer: Buffer): number | undefined {
  if (buffer.length < 16) return undefined;
  const le = buffer[0] === 0x6c;
  if (!le && buffer[0] !== 0x42) throw new DbusWireError(`bad endianness byte ${buffer[0]}`);
  const bodyLength = le ? buffer.readUInt32LE(4) : buffer.readUInt32BE(4);
  const fieldsLength = le ? buffer.readUInt32LE(12) : buffer.readUInt32BE(12);
  const headerLength = 16 + fieldsLength + ((8 - (fieldsLength % 8)) % 8);
  return headerLength + bodyLength;
}

export function decodeMessage(buffer: Buffer): DbusMessage {
  const le = buffer[0] === 0x6c;
  const reader = new WireReader(buffer, le, 4);
  const type = buffer[1] as number;
  const bodyLength = reader.uint32();
  const serial = reader.uint32();
  const [fields] = reader.read("a(yv)") as [[number, Variant][]];
  reader.align(8);
  const message: Record<string, unknown> = { type, serial };
  const names = Object.entries(FIELD);
  for (const [code, [, value]] of fields) {
    const name = names.find(([, c]) => c === code)?.[0];
    if (name) message[name] = value;
  }
  const signature = (message.signature as string | undefined) ?? "";
  if (reader.at + bodyLength > buffer.length) throw new DbusWireError("message shorter than its body length");
  // Body alignment counts from the body's start, which is 8-aligned in the message.
  const body = buffer.subarray(reader.at, reader.at + bodyLength);
  message.body = signature ? new WireReader(body, le).read(signature) : [];
  return message as unknown as DbusMessage;
}
