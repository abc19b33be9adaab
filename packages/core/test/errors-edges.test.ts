import { describe, expect, it } from "vitest";
import { isVaultError, VaultError } from "../src/errors.js";

describe("VaultError", () => {
  it("is named VaultError and shows its message", () => {
    const error = new VaultError("USAGE", "bad flag");
    expect(error.name).toBe("VaultError");
    expect(String(error)).toBe("VaultError: bad flag");
    expect(error).toBeInstanceOf(Error);
  });

  it("has a cause only when given one", () => {
    expect("cause" in new VaultError("USAGE", "x")).toBe(false);
    const cause = new Error("root");
    expect(new VaultError("USAGE", "x", { cause }).cause).toBe(cause);
  });
});

describe("isVaultError", () => {
  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a string", "VaultError"],
    ["an empty object", {}],
    ["a plain Error", new Error("x")],
    ["an object whose brand is not true", { [Symbol.for("vault-cli.VaultError")]: "yes" }],
  ])("is false for %s", (_what, value) => {
    expect(isVaultError(value)).toBe(false);
  });

  it("is true for a VaultError, and for one from another copy of the package (same global brand)", () => {
    expect(isVaultError(new VaultError("USAGE", "x"))).toBe(true);
    expect(isVaultError({ [Symbol.for("vault-cli.VaultError")]: true })).toBe(true);
  });
});
