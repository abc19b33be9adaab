import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type BotocoreResult, parseWithBotocore } from "../support/botocore.js";
import { configText } from "../support/config-arbitrary.js";
import { differencesFromBotocore } from "../support/differences-from-botocore.js";
import { fixture, fixtureNames } from "../support/fixtures.js";

// Fixed seed: the generated corpus is the same on every run, so a failure reproduces.
const generated = fc.sample(configText, { seed: 20261122, numRuns: 400 });
const fixtures = fixtureNames().map((name) => ({ name, text: fixture(name) }));

let fromFixtures: BotocoreResult[];
let fromGenerated: BotocoreResult[];

beforeAll(() => {
  const results = parseWithBotocore([...fixtures.map((f) => f.text), ...generated]);
  fromFixtures = results.slice(0, fixtures.length);
  fromGenerated = results.slice(fixtures.length);
});

function disagreements(cases: readonly { name: string; text: string }[], results: readonly BotocoreResult[]) {
  return cases.flatMap(({ name, text }, i) =>
    differencesFromBotocore(text, results[i]!).map(
      (problem) => `${name} ${JSON.stringify(text)}\n  ${problem}`,
    ),
  );
}

describe("parseIni agrees with botocore's raw_config_parse, except where it warns", () => {
  it("on every fixture", () => {
    expect(disagreements(fixtures, fromFixtures)).toEqual([]);
  });

  it("on 400 generated configs", () => {
    const cases = generated.map((text, i) => ({ name: `generated #${i}`, text }));
    expect(disagreements(cases, fromGenerated)).toEqual([]);
  });

  it("compares files botocore reads as well as files it rejects, for each reason", () => {
    const all = [...fromFixtures, ...fromGenerated];
    const read = all.filter((r) => "ok" in r.raw).length;
    const reasons = new Set(all.flatMap((r) => ("error" in r.raw ? [r.raw.error.split(":")[0]] : [])));
    expect(read).toBeGreaterThan(all.length / 3);
    expect([...reasons].sort()).toEqual([
      "DuplicateOptionError",
      "DuplicateSectionError",
      "MissingSectionHeaderError",
      "ParsingError",
      "ValueError",
    ]);
  });

  it("reads the BOM fixture like the plain one, while botocore rejects it", () => {
    const index = fixtures.findIndex((f) => f.name === "tricky-crlf-bom.ini");
    expect(fromFixtures[index]!.raw).toEqual({ error: expect.stringMatching(/^MissingSectionHeaderError/) });
  });
});
