import { expect, it } from "vitest";

// A promise rejected and never awaited: the test itself passes.
it("passes, and leaves a rejection nobody handles", async () => {
  void Promise.reject(new Error("nobody handles this"));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(true).toBe(true);
});
