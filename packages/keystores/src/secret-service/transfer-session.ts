// The Secret Service's transfer sessions: how a secret travels over the bus. With
// `dh-ietf1024-sha256-aes128-cbc-pkcs7` both sides agree a key (Diffie-Hellman on the 1024-bit Oakley group 2,
// the shared value padded to the prime's 128 bytes, HKDF-SHA256 with no salt or info, 16 bytes) and every
// secret is AES-128-CBC with PKCS#7 padding under a fresh IV. `plain` sends it as is, for services without DH.
import { createCipheriv, createDecipheriv, getDiffieHellman, hkdfSync, randomBytes } from "node:crypto";

export const DH_ALGORITHM = "dh-ietf1024-sha256-aes128-cbc-pkcs7";

/** A secret as the Secret Service API carries it: (session, parameters, value, content type). */
export type SecretStruct = [session: string, parameters: Buffer, value: Buffer, contentType: string];

export interface TransferSession {
  readonly path: string;
  readonly algorithm: typeof DH_ALGORITHM | "plain";
  seal(value: Buffer, contentType: string): SecretStruct;
  open(secret: SecretStruct): Buffer;
}

/** Our half of a DH exchange; `finish` takes the service's public key and the session path it returned. */
export function startDhExchange(): {
  publicKey: Buffer;
  finish(path: string, peerKey: Buffer): TransferSession;
} {
  const dh = getDiffieHellman("modp2");
  const publicKey = dh.generateKeys();
  return {
    publicKey,
    finish(path, peerKey) {
      // computeSecret zero-pads to the prime's length, as gnome-keyring's and libsecret's key derivation expect.
      const key = Buffer.from(
        hkdfSync("sha256", dh.computeSecret(peerKey), Buffer.alloc(0), Buffer.alloc(0), 16),
      );
      return {
        path,
        algorithm: DH_ALGORITHM,
        seal(value, contentType) {
          const iv = randomBytes(16);
          const cipher = createCipheriv("aes-128-cbc", key, iv);
          return [path, iv, Buffer.concat([cipher.update(value), cipher.final()]), contentType];
        },
        open([, iv, value]) {
          const decipher = createDecipheriv("aes-128-cbc", key, iv);
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
