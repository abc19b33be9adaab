import { describe, expect, it } from "vitest";
import { commandUsage, completionFlags, flagRows } from "../src/argv/usage.js";
import type { Command } from "../src/command.js";
import { helpText } from "../src/help-text.js";

const noRun = () => Promise.resolve(0);

const withFlags: Command = {
  name: "demo",
  summary: "a demo",
  args: "<profile>",
  description: "Does a demo thing.\n\n",
  flags: [
    { name: "duration", short: "d", value: "D", help: "how long" },
    { name: "browser", negatable: true, help: "open a browser" },
    { name: "json", help: "print JSON" },
  ],
  run: noRun,
};

const bare: Command = {
  name: "bare",
  summary: "bare",
  args: "",
  description: "No flags here.",
  flags: [],
  run: noRun,
};

describe("commandUsage", () => {
  it("prints the usage line, description, flag table and global flags of a command with flags", () => {
    expect(commandUsage(withFlags)).toMatchInlineSnapshot(`
      "Usage: vault-cli demo [flags] <profile>

      Does a demo thing.

      Flags:
        -d, --duration D  how long
        --no-browser      open a browser
        --json            print JSON

      Global flags (see 'vault-cli --help'): --backend, --file-dir, --file-passphrase-command, --pass-dir, --pass-cmd,
        --pass-prefix, --keyctl-scope, --secret-service-collection, --prompt, --no-browser, --debug
      "
    `);
  });

  it("leaves out [flags], the args and the Flags: table for a command without them", () => {
    expect(commandUsage(bare)).toMatchInlineSnapshot(`
      "Usage: vault-cli bare

      No flags here.

      Global flags (see 'vault-cli --help'): --backend, --file-dir, --file-passphrase-command, --pass-dir, --pass-cmd,
        --pass-prefix, --keyctl-scope, --secret-service-collection, --prompt, --no-browser, --debug
      "
    `);
  });
});

describe("flagRows", () => {
  it("aligns the help column two spaces after the widest flag and appends the extra text", () => {
    const rows = flagRows(withFlags.flags, (f) => (f.name === "json" ? " (extra)" : ""));
    expect(rows).toEqual([
      "  -d, --duration D  how long",
      "  --no-browser      open a browser",
      "  --json            print JSON (extra)",
    ]);
  });

  it("prints no extra text when there is no extra function", () => {
    expect(flagRows([{ name: "x", help: "ex" }])).toEqual(["  --x  ex"]);
  });
});

describe("completionFlags", () => {
  it("offers both forms of a negatable flag, and lists long and short names of flags taking a value", () => {
    expect(completionFlags(withFlags.flags)).toEqual({
      offered: ["--duration", "--browser", "--no-browser", "--json"],
      valued: ["--duration", "-d"],
    });
  });

  it("lists only the long name of a valued flag without a short one", () => {
    expect(completionFlags([{ name: "region", value: "R", help: "r" }]).valued).toEqual(["--region"]);
  });
});

describe("helpText", () => {
  it("prints commands, global flags with their fallbacks, and every backend's state", () => {
    const text = helpText([bare, withFlags], {
      backends: ["keyctl", "pass", "file", "mystery"],
      available: ["file"],
      chosen: "file",
    });
    expect(text).toMatchInlineSnapshot(`
      "Usage: vault-cli [global flags] <command> [<args> ...]

      A credential tool for AWS: long-term IAM keys in a keystore, short-lived STS credentials for your
      shell, the AWS CLI and the AWS SDKs. Reads ~/.aws/config (or $AWS_CONFIG_FILE) the way aws-vault does.

      Commands:
        bare  bare
        demo  a demo

      Global flags (before or after the command):
        --backend NAME                    keystore backend, see below ($AWS_VAULT_BACKEND, then the platform default)
        --file-dir DIR                    file: keys directory ($AWS_VAULT_FILE_DIR, default ~/.awsvault/keys)
        --file-passphrase-command CMD     file: a command that prints the passphrase ($AWS_VAULT_FILE_PASSPHRASE_COMMAND)
        --pass-dir DIR                    pass: store directory ($AWS_VAULT_PASS_PASSWORD_STORE_DIR, $PASSWORD_STORE_DIR, ~/.password-store)
        --pass-cmd CMD                    pass: program to run ($AWS_VAULT_PASS_CMD, default pass)
        --pass-prefix PREFIX              pass: folder of the items in the store ($AWS_VAULT_PASS_PREFIX)
        --keyctl-scope SCOPE              keyctl: user, usersession or session ($AWS_VAULT_KEYCTL_SCOPE, default user)
        --secret-service-collection NAME  secret-service: collection of the items ($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME, default awsvault)
        --prompt DRIVER                   how to ask for MFA codes: terminal, zenity, kdialog, osascript, ykman ($AWS_VAULT_PROMPT, default terminal)
        --no-browser                      SSO: print the sign-in page and code, do not open a browser ($VAULT_CLI_NO_BROWSER)
        --debug                           trace config, keystore, cache, lock and STS steps on stderr (no secrets)
        -h, --help                        show this help; 'vault-cli <command> --help' shows a command's flags
        -v, --version                     print the version

      Keystore backends (now: file):
        keyctl          not available here  Linux kernel keyring (keyctl)
        pass            not available here  pass, the GnuPG password store
        file            available           encrypted files in aws-vault's format (passphrase: $AWS_VAULT_FILE_PASSPHRASE, vault-cli agent, a command or a prompt)
        mystery         not available here  
      "
    `);
  });
});
