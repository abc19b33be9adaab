import { createDecipheriv, getDiffieHellman, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { OAKLEY_GROUP_2, startDhExchange } from "../src/secret-service/transfer-session.js";

describe("the dh-ietf1024-sha256-aes128-cbc-pkcs7 transfer session", () => {
  it("uses RFC 2409's second Oakley group, as node:crypto names it modp2", () => {
    const prime = getDiffieHellman("modp2").getPrime("hex");
    expect(OAKLEY_GROUP_2.toString(16).padStart(256, "0")).toBe(prime);
  });

  it("agrees on the key with an independent DH (node:crypto as the service), shared values with leading zeros included", () => {
    // Until two shared values started with a zero byte (1 in 256; it must be hashed as part of 128 bytes).
    const service = getDiffieHellman("modp2");
    let leadingZero = 0;
    for (let i = 0; leadingZero < 2 && i < 20_000; i++) {
      service.generateKeys();
      const ours = startDhExchange();
      const session = ours.finish("/session/1", service.getPublicKey());
      const shared = service.computeSecret(ours.publicKey);
      if (shared[0] === 0) leadingZero++;
      const key = Buffer.from(hkdfSync("sha256", shared, Buffer.alloc(0), Buffer.alloc(0), 16));
      const [, iv, sealed, contentType] = session.seal(Buffer.from(`secret ${i}`), "application/json");
      const decipher = createDecipheriv("aes-128-cbc", key, iv);
      expect(Buffer.concat([decipher.update(sealed), decipher.final()]).toString()).toBe(`secret ${i}`);
      expect(contentType).toBe("application/json");
    }
    expect(leadingZero).toBe(2);
  });

  it("refuses a public key out of the group's range", () => {
    const ours = startDhExchange();
    expect(() => ours.finish("/s", Buffer.from([1]))).toThrow("out of range");
    expect(() => ours.finish("/s", Buffer.alloc(0))).toThrow("out of range");
  });
});
