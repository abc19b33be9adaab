import { constants } from "node:fs";
import { open } from "node:fs/promises";
import type { ReadTextFile } from "@vault-cli/core";
import { describeLimit } from "../vault/limits.js";

/**
 * ReadTextFile over node:fs (web_identity_token_file): a regular file of at most `maxBytes`; a FIFO or device is
 * refused rather than waited on. The engine turns a failure into an error naming the profile.
 */
export function readTextFile(maxBytes: number): ReadTextFile {
  return async (path) => {
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat();
      if (!info.isFile())
        throw Object.assign(new Error("not a regular file"), { code: "not a regular file" });
      // st_size is not trusted (a /proc file says 0, a file may grow): read at most one byte past the cap.
      const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(info.size + 1, 64 * 1024)));
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > maxBytes) {
          const limit = `larger than ${describeLimit(maxBytes, "bytes")} (VAULT_CLI_PROCESS_OUTPUT_MAX)`;
          throw Object.assign(new Error(limit), { code: limit });
        }
        chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
      }
      return Buffer.concat(chunks).toString("utf8");
    } finally {
      await handle.close();
    }
  };
}
