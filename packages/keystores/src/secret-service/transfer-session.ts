// The Secret Service's transfer sessions: how a secret travels over the bus. With
// `dh-ietf1024-sha256-aes128-cbc-pkcs7` both sides agree a key (Diffie-Hellman on the 1024-bit Oakley group 2,
// the shared value padded to the prime's 128 bytes, HKDF-SHA256 with no salt or info, 16 bytes) and every
// secret is AES-128-CBC with PKCS#7 padding under a fresh IV. `plain` sends it as is, for services without DH.
import { nodeCrypto } from "../support/node-crypto.js";

export const DH_ALGORITHM = "dh-ietf1024-sha256-aes128-cbc-pkcs7";

/** A secret as the Secret Service API carries it: (session, parameters, value, content type). */
export type SecretStruct = [session: string, parameters: Buffer, value: Buffer, contentType: string];

export interface TransferSession {
  readonly path: string;
  readonly algorithm: typeof DH_ALGORITHM | "plain";
  seal(value: Buffer, contentType: string): SecretStruct;
  open(secret: SecretStruct): Buffer;
}

/** RFC 2409's second Oakley group (1024-bit MODP, generator 2): what "dh-ietf1024" names. */
export const OAKLEY_GROUP_2 = BigInt(
  "0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF",
);
const PRIME_BYTES = 128;

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

const toBytes = (n: bigint) => Buffer.from(n.toString(16).padStart(PRIME_BYTES * 2, "0"), "hex");

/**
 * Our half of a DH exchange; `finish` takes the service's public key and the session path it returned. With
 * BigInt rather than node:crypto's DiffieHellman: getDiffieHellman("modp2") tests the prime first, ~30 ms on
 * every secret-service call. The private exponent is 256 random bits (the group's strength is ~80).
 */
export function startDhExchange(): {
  publicKey: Buffer;
  finish(path: string, peerKey: Buffer): TransferSession;
} {
  const secret = BigInt(`0x${nodeCrypto().randomBytes(32).toString("hex")}`) | 1n;
  const publicKey = toBytes(modPow(2n, secret, OAKLEY_GROUP_2));
  return {
    publicKey,
    finish(path, peerKey) {
      const peer = BigInt(`0x${peerKey.toString("hex") || "0"}`);
      if (peer <= 1n || peer >= OAKLEY_GROUP_2 - 1n) {
        throw new Error("the service's DH public key is out of range");
      }
      // The shared value as 128 bytes, zero-padded: gnome-keyring and libsecret hash it with its leading zeros.
      const shared = toBytes(modPow(peer, secret, OAKLEY_GROUP_2));
      const key = Buffer.from(nodeCrypto().hkdfSync("sha256", shared, Buffer.alloc(0), Buffer.alloc(0), 16));
      return {
        path,
        algorithm: DH_ALGORITHM,
        seal(value, contentType) {
          const iv = nodeCrypto().randomBytes(16);
          const cipher = nodeCrypto().createCipheriv("aes-128-cbc", key, iv);
          return [path, iv, Buffer.concat([cipher.update(value), cipher.final()]), contentType];
        },
        open([, iv, value]) {
          const decipher = nodeCrypto().createDecipheriv("aes-128-cbc", key, iv);
          return Buffer.concat([decipher.update(value), decipher.final()]);
        },
      };
    },
  };
}

export function plainSession(path: string): TransferSession {
  return {
    path,
    algorithm: "plain",
    seal: (value, contentType) => [path, Buffer.alloc(0), value, contentType],
    open: ([, , value]) => value,
  };
}
