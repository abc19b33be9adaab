import { afterAll, expect, it } from "vitest";

// Every test passes; the hook after them fails: vitest reports no failed test, only its exit status tells.
it("passes", () => {
  expect(true).toBe(true);
});
afterAll(() => {
  throw new Error("cleanup failed");
});
