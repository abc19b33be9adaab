// The CLI's sibling bundles behind import() (src/entry/sibling.ts): a load that failed (a half-upgraded install
// under a long-running server) is tried again on the next use, and a loaded one is loaded once. Their code
// caches are checked on the built CLI (fast-path.test.ts).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@vault-cli/test-support";
import { describe, expect, it } from "vitest";
import { siblingExports } from "../src/entry/sibling.js";

describe("siblingExports", () => {
  it("loads the sibling on first use, again after a failed load, and once after that", () => {
    const dir = tempDir("sibling");
    const sibling = siblingExports("late.cjs", { dir, env: { VAULT_CLI_CODE_CACHE: "0" } }) as {
      answer?: number;
    };
    expect(() => sibling.answer).toThrow(/Cannot find module|ENOENT/);
    // Each evaluation of the bundle leaves a mark.
    writeFileSync(
      join(dir, "late.cjs"),
      'require("node:fs").appendFileSync(require("node:path").join(__dirname, "loads"), "+"); exports.answer = 42;',
    );
    expect(sibling.answer).toBe(42);
    expect(Object.keys(sibling)).toEqual(["answer"]);
    expect("answer" in sibling).toBe(true);
    // As the bundle's import() sees it: the sibling's own properties, copied.
    expect({ ...sibling }).toEqual({ answer: 42 });
    expect(readFileSync(join(dir, "loads"), "utf8")).toBe("+");
  });
});
