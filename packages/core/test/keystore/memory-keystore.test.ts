import { describe, expect, it } from "vitest";
import { memoryKeystore } from "../../src/testing/index.js";

describe("memoryKeystore", () => {
  it("starts from a record or from entries, and records labels", async () => {
    const store = memoryKeystore({ b: "2", a: "1" });
    expect(await store.keys()).toEqual(["a", "b"]);
    await store.set("c", "3", { label: "aws-vault (c)" });
    expect(store.items.get("c")).toEqual({ value: "3", label: "aws-vault (c)" });
    expect(await memoryKeystore([["x", "y"]]).get("x")).toBe("y");
  });
});
