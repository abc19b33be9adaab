import { expect } from "vitest";
import type { VaultErrorCode } from "../../src/errors.js";
import { isVaultError, type SourceLocation } from "../../src/errors.js";

/** Runs `action`, asserts it throws a VaultError with `code`, and returns the error for further checks. */
export function expectVaultError(action: () => unknown, code: VaultErrorCode) {
  try {
    action();
  } catch (error) {
    if (!isVaultError(error)) throw error;
    expect(error.code).toBe(code);
    return error as typeof error & { location: SourceLocation | undefined };
  }
  return expect.unreachable(`expected a VaultError ${code}`);
}
