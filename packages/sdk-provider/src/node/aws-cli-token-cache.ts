import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AwsCliTokenCache } from "@vault-cli/core";
import { readTextFile } from "./read-text-file.js";

/** An SSO token cache file is a few KB; anything larger is not one. */
const MAX_TOKEN_FILE_BYTES = 64 * 1024;

/** The AWS CLI's (and botocore's) SSO token file for a sso-session name or a start URL. */
export function awsCliTokenPath(homeDir: string, name: string): string {
  return join(
    homeDir,
    ".aws",
    "sso",
    "cache",
    `${process.getBuiltinModule("node:crypto").createHash("sha1").update(name).digest("hex")}.json`,
  );
}

/**
 * The AWS CLI's token cache under `homeDir`: a missing or unreadable file is no token (the file is the AWS
 * CLI's); writes go to a temp file in the same directory, mode 0600, renamed over the old one.
 */
export function awsCliTokenCache(homeDir: string): AwsCliTokenCache {
  const read = readTextFile(MAX_TOKEN_FILE_BYTES);
  return {
    async read(name) {
      try {
        return await read(awsCliTokenPath(homeDir, name));
      } catch {
        return undefined;
      }
    },
    async write(name, text) {
      const path = awsCliTokenPath(homeDir, name);
      const dir = join(homeDir, ".aws", "sso", "cache");
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const temp = join(dir, `.${process.getBuiltinModule("node:crypto").randomUUID()}.tmp`);
      try {
        await writeFile(temp, text, { mode: 0o600, flag: "wx" });
        await chmod(temp, 0o600);
        await rename(temp, path);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
  };
}
