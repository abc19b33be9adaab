import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeLimit, LIMITS } from "../src/vault/limits.js";

// docs/reliability.md lists every limit a user can set, with its real default as errors print it.
const doc = readFileSync(new URL("../../../docs/reliability.md", import.meta.url), "utf8");

describe("docs/reliability.md", () => {
  it("has a row for each settable limit, with its variable and default", () => {
    const rows = [...doc.matchAll(/^\|[^|\n]+\|\s*`(VAULT_CLI_\w+)`\s*\|\s*([^|\n]+?)\s*\|/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows).toEqual(LIMITS.map((spec) => [spec.variable, describeLimit(spec.default, spec.unit)]));
  });
});
