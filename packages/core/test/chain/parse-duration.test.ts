import { describe, expect, it } from "vitest";
import { formatGoDuration, parseGoDuration } from "../../src/chain/parse-duration.js";

describe("parseGoDuration", () => {
  it.each([
    ["12h", 43200],
    ["90m", 5400],
    ["1h30m", 5400],
    ["43200s", 43200],
    ["1.5h", 5400],
    ["500ms", 0.5],
    ["0", 0],
    ["+2m", 120],
    ["-1h", -3600],
    [".5s", 0.5],
    ["1.s", 1],
    ["1m.5s", 60.5],
    ["2h45m30s", 9930],
    ["1500us", 0.0015],
    ["1500µs", 0.0015],
  ])("reads %s as %d seconds", (text, seconds) => {
    expect(parseGoDuration(text)).toBeCloseTo(seconds, 9);
  });

  it.each([
    "",
    "1",
    "12",
    "h",
    ".s",
    ".",
    "1d",
    "1hm",
    "1 h",
    " 1h",
    "1h ",
    "1H",
    "--1h",
    "1e3s",
    "9999999999999h",
  ])("rejects %j", (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

describe("formatGoDuration", () => {
  it.each([
    [7200, "2h0m0s"],
    [3600, "1h0m0s"],
    [5400, "1h30m0s"],
    [90, "1m30s"],
    [45, "45s"],
    [0.5, "500ms"],
    [0, "0s"],
    [43200, "12h0m0s"],
  ])("prints %d seconds as %s, like Go", (seconds, text) => {
    expect(formatGoDuration(seconds)).toBe(text);
  });
});
