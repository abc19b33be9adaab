import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VAULT_ERROR_CODES } from "../src/errors.js";

// docs/errors.md documents every code, once, and no code that does not exist.
const doc = readFileSync(new URL("../../../docs/errors.md", import.meta.url), "utf8");

describe("docs/errors.md", () => {
  it("has one section for each VaultError code, in the same order", () => {
    const documented = [...doc.matchAll(/^### `([A-Z_]+)`$/gm)].map((m) => m[1]);
    expect(documented).toEqual([...VAULT_ERROR_CODES]);
  });
});
