import { execFileSync } from "node:child_process";
import { chmod, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { tempDir } from "./temp.js";

export interface PassStore {
  readonly root: string;
  /** An initialised password store encrypted to `fingerprint`. */
  readonly dir: string;
  readonly fingerprint: string;
  /** PATH, HOME (the temp root, so nothing touches the real home) and GNUPGHOME for pass and gpg. */
  readonly env: Record<string, string>;
  remove(): Promise<void>;
}

/**
 * A throwaway GnuPG home with one key that has no passphrase, and a `pass init`-ed store, in a temp
 * directory (removed with the test file's). remove() stops the gpg-agent that pass's gpg calls started.
 */
export async function createPassStore(): Promise<PassStore> {
  const root = tempDir("pass");
  const gnupgHome = join(root, "gnupg");
  await mkdir(gnupgHome);
  await chmod(gnupgHome, 0o700);
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root, GNUPGHOME: gnupgHome };
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, { env, encoding: "utf8", stdio: "pipe" });
  run("gpg", [
    "--batch",
    "--passphrase",
    "",
    "--quick-generate-key",
    "vault-cli test <test@example.invalid>",
    "default",
    "default",
    "never",
  ]);
  const fingerprint = /^fpr:+([0-9A-F]+):/m.exec(
    run("gpg", ["--batch", "--with-colons", "--list-secret-keys"]),
  )![1]!;
  const dir = join(root, "store");
  execFileSync("pass", ["init", fingerprint], { env: { ...env, PASSWORD_STORE_DIR: dir }, stdio: "pipe" });
  return {
    root,
    dir,
    fingerprint,
    env,
    async remove() {
      await stopGpgAgent(gnupgHome);
    },
  };
}

/** Stops the gpg-agent of one GnuPG home (gpgconf addresses it by its socket, not by a process name). */
export async function stopGpgAgent(gnupgHome: string): Promise<void> {
  try {
    execFileSync("gpgconf", ["--kill", "gpg-agent"], {
      env: { ...process.env, GNUPGHOME: gnupgHome },
      stdio: "pipe",
    });
  } catch {
    // no agent was running
  }
}
