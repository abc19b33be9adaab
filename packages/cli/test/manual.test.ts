import { readFileSync } from "node:fs";
import { assertBuilt, runBuilt } from "@vault-cli/test-support";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../src/commands/index.js";

// packages/cli/README.md is the command's manual: each `$ vault-cli ... --help` block in it must be what the
// built CLI prints, so the manual cannot drift from the option specs the help is made from.
const manual = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const blocks = new Map(
  [...manual.matchAll(/^```text\n\$ vault-cli (.*)\n([\s\S]*?)```$/gm)].map((m) => [m[1]!, m[2]!]),
);

beforeAll(assertBuilt);

describe("the manual (packages/cli/README.md)", () => {
  it("has a help block for the CLI and for every command, and no other", () => {
    expect([...blocks.keys()].sort()).toEqual(
      ["--help", ...COMMANDS.map((command) => `${command.name} --help`)].sort(),
    );
  });

  for (const [args, text] of blocks) {
    it(`'vault-cli ${args}' prints what the manual shows`, () => {
      const r = runBuilt(args.split(" "), { AWS_VAULT_BACKEND: "file" });
      expect(r.code).toBe(0);
      // The CLI's own help ends with the backends this machine has: the manual stops before them.
      const printed =
        args === "--help" ? r.stdout.slice(0, r.stdout.indexOf("\nKeystore backends")) : r.stdout;
      expect(text).toBe(printed);
    });
  }
});
