import { describe, expect, it } from "vitest";

it("a product test", () => {
  expect(2 * 2).toBe(4);
});

describe("test fake: a fake's own test", () => {
  it("checks the harness", () => {
    expect([1, 2]).toHaveLength(2);
  });
});
