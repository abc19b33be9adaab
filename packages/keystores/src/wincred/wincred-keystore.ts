import { type Env, type Keystore, VaultError } from "@vault-cli/core";
import { nodeCrypto } from "../support/node-crypto.js";
import { type CredBatch, type CredOperation, runCredBatch } from "./cred-script.js";

export interface WincredKeystoreOptions {
  /** AWS_VAULT_WINCRED_PREFIX; default `aws-vault`, so targets are `aws-vault:aws-vault:<key>`. */
  readonly prefix?: string;
  /** The program to run; default `powershell.exe` (Windows PowerShell 5.1, on every Windows). */
  readonly command?: string;
  readonly env?: Env;
}

/** CRED_MAX_CREDENTIAL_BLOB_SIZE: Windows refuses a larger blob. */
export const WINCRED_MAX_BLOB_BYTES = 2560;
const SERVICE = "aws-vault";

interface ChunkHead {
  readonly id: string;
  readonly count: number;
  readonly bytes: number;
  readonly sha256: string;
}

/** Win32 errors worth naming; others are shown by number. */
const WIN32_ERRORS: Record<number, string> = {
  5: "access denied",
  87: "the parameter is incorrect",
  1312: "no logon session: the Credential Manager is not available in this session (a service, or a remote shell without a loaded profile)",
};

/**
 * aws-vault's Windows Credential Manager layout: generic credentials persisted for the local machine,
 * target `<prefix>:aws-vault:<key>`, blob = the raw item data (UTF-8), no user name, comment or attributes.
 *
 * Windows keeps at most 2,560 bytes per blob. A longer value is chunked: its bytes go to chunks named
 * `<prefix>:aws-vault-chunk:<id>:<n>` (a fresh random id per write), then a head
 * `<prefix>:aws-vault-chunked:<key>` names the id, the chunk count, the length and the SHA-256 of the whole,
 * and only then is the plain target (an older short value) deleted, with the chunks the old head named.
 * A head wins over a plain target, so a write killed at any point leaves the old value or the new one:
 * chunks without a head are never read, and a value whose chunks do not add up to its head's length and
 * digest is refused (KEYSTORE_CORRUPT), never returned. Removal deletes the head first.
 *
 * What aws-vault sees: only targets beginning `aws-vault:aws-vault:` are its items. A chunked value is
 * therefore absent for aws-vault (it starts a new session or sign-in where it would have failed to store
 * one that large), and heads and chunks never show in its `list`.
 */
export function wincredKeystore(options: WincredKeystoreOptions = {}): Keystore {
  const prefix = options.prefix || "aws-vault";
  const command = options.command ?? "powershell.exe";
  const env = options.env ?? process.env;
  const plainTarget = (key: string) => `${prefix}:${SERVICE}:${key}`;
  const headTarget = (key: string) => `${prefix}:${SERVICE}-chunked:${key}`;
  const chunkTarget = (id: string, n: number) => `${prefix}:${SERVICE}-chunk:${id}:${n}`;
  let writes: Promise<unknown> = Promise.resolve();
  const queue = <T>(op: () => Promise<T>): Promise<T> => {
    const run = writes.then(op, op);
    writes = run.catch(() => undefined);
    return run;
  };

  async function batch(
    operations: CredOperation[],
    action: string,
    code: "KEYSTORE_UNAVAILABLE" | "KEYSTORE_WRITE",
  ): Promise<CredBatch> {
    const done = await runCredBatch(command, env, operations, code);
    if (done.error) {
      const failed = operations[done.error.at];
      const what = failed && "target" in failed ? ` (${failed.op} '${failed.target}')` : "";
      const reason = WIN32_ERRORS[done.error.code] ?? "Windows error";
      throw new VaultError(code, `wincred: cannot ${action}${what}: ${reason} (${done.error.code})`);
    }
    return done;
  }
  function parseHead(key: string, blob: Buffer): ChunkHead {
    const head = JSON.parse(blob.toString("utf8") || "null")?.VaultCliChunks as ChunkHead | undefined;
    if (!head || !/^[0-9a-f]+$/.test(String(head.id)) || !(head.count > 0)) {
      throw new VaultError("KEYSTORE_CORRUPT", `wincred: the chunk head of '${key}' is damaged`);
    }
    return head;
  }
  const chunkTargets = (head: ChunkHead) =>
    Array.from({ length: head.count }, (_, n) => chunkTarget(head.id, n));
  async function readHead(key: string): Promise<ChunkHead | undefined> {
    const [head] = (
      await batch([{ op: "read", target: headTarget(key) }], `read '${key}'`, "KEYSTORE_UNAVAILABLE")
    ).results;
    return head?.found ? parseHead(key, head.blob!) : undefined;
  }

  async function get(key: string): Promise<string | undefined> {
    const reads: CredOperation[] = [
      { op: "read", target: headTarget(key) },
      { op: "read", target: plainTarget(key) },
    ];
    const [head, plain] = (await batch(reads, `read '${key}'`, "KEYSTORE_UNAVAILABLE")).results;
    if (!head?.found) return plain?.found ? plain.blob!.toString("utf8") : undefined;
    const chunked = parseHead(key, head.blob!);
    const chunks = (
      await batch(
        chunkTargets(chunked).map((target) => ({ op: "read", target })),
        `read '${key}'`,
        "KEYSTORE_UNAVAILABLE",
      )
    ).results;
    const whole = Buffer.concat(chunks.map((chunk) => chunk.blob ?? Buffer.alloc(0)));
    const digest = nodeCrypto().createHash("sha256").update(whole).digest("hex");
    if (chunks.some((chunk) => !chunk.found) || whole.length !== chunked.bytes || digest !== chunked.sha256) {
      throw new VaultError(
        "KEYSTORE_CORRUPT",
        `wincred: the chunks of '${key}' do not match its head (changed by another program?)`,
      );
    }
    return whole.toString("utf8");
  }

  function set(key: string, value: string): Promise<void> {
    const bytes = Buffer.from(value, "utf8");
    return queue(async () => {
      const old = await readHead(key);
      const cleanup: CredOperation[] = old
        ? chunkTargets(old).map((target) => ({ op: "delete", target }))
        : [];
      if (bytes.length <= WINCRED_MAX_BLOB_BYTES) {
        const ops: CredOperation[] = [{ op: "write", target: plainTarget(key), blob: bytes }];
        if (old) ops.push({ op: "delete", target: headTarget(key) }, ...cleanup);
        await batch(ops, `store '${key}'`, "KEYSTORE_WRITE");
        return;
      }
      const id = nodeCrypto().randomBytes(8).toString("hex");
      const count = Math.ceil(bytes.length / WINCRED_MAX_BLOB_BYTES);
      const head: ChunkHead = {
        id,
        count,
        bytes: bytes.length,
        sha256: nodeCrypto().createHash("sha256").update(bytes).digest("hex"),
      };
      const ops: CredOperation[] = chunkTargets(head).map((target, n) => ({
        op: "write",
        target,
        blob: bytes.subarray(n * WINCRED_MAX_BLOB_BYTES, (n + 1) * WINCRED_MAX_BLOB_BYTES),
      }));
      ops.push(
        { op: "write", target: headTarget(key), blob: Buffer.from(JSON.stringify({ VaultCliChunks: head })) },
        { op: "delete", target: plainTarget(key) },
        ...cleanup,
      );
      await batch(ops, `store '${key}'`, "KEYSTORE_WRITE");
    });
  }

  function remove(key: string): Promise<boolean> {
    return queue(async () => {
      const old = await readHead(key);
      const ops: CredOperation[] = [
        { op: "delete", target: headTarget(key) },
        { op: "delete", target: plainTarget(key) },
        ...(old ? chunkTargets(old).map((target): CredOperation => ({ op: "delete", target })) : []),
      ];
      const [head, plain] = (await batch(ops, `remove '${key}'`, "KEYSTORE_WRITE")).results;
      return Boolean(head?.found || plain?.found);
    });
  }

  async function keys(): Promise<string[]> {
    await writes;
    const plainPrefix = plainTarget("");
    const headPrefix = headTarget("");
    const lists: CredOperation[] = [
      { op: "list", filter: `${plainPrefix}*` },
      { op: "list", filter: `${headPrefix}*` },
    ];
    const [plain, heads] = (await batch(lists, "list keys", "KEYSTORE_UNAVAILABLE")).results;
    const found = [
      ...(plain?.targets ?? [])
        .filter((t) => t.startsWith(plainPrefix))
        .map((t) => t.slice(plainPrefix.length)),
      ...(heads?.targets ?? [])
        .filter((t) => t.startsWith(headPrefix))
        .map((t) => t.slice(headPrefix.length)),
    ];
    return [...new Set(found)];
  }

  return { name: "wincred", get, set, remove, keys };
}
