import { configWarningsFor, lazyAwsConfig, parseIni, readAwsConfig } from "@vault-cli/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configText } from "../support/config-arbitrary.js";

// The lazy read must be the whole read, section for section and warning for warning: any text, any profile.
const TOKENS = [
  "[",
  "]",
  "=",
  "#",
  " ",
  "\f",
  "\v",
  ";",
  "\t",
  "\n",
  "\r\n",
  "profile",
  "default",
  "DEFAULT",
  "sso-session",
  "services",
  "s3",
  "a",
  "b",
  "__proto__",
];
const configish = fc.string({ unit: fc.constantFrom(...TOKENS), maxLength: 300 });

function checkSame(text: string, subsets: string[][]): boolean {
  const lazy = lazyAwsConfig(text, "config");
  if (!lazy) return false;
  const eager = readAwsConfig(parseIni(text, "config"));
  // One profile at a time first, in an order of its own: nothing read before may change what is read next.
  for (const name of [...eager.profiles.keys()].reverse()) {
    expect(lazy.profiles.get(name)).toEqual(eager.profiles.get(name));
  }
  expect([...lazy.profiles.keys()]).toEqual([...eager.profiles.keys()]);
  expect(lazy.profiles.size).toBe(eager.profiles.size);
  expect(lazy.ssoSessions).toEqual(eager.ssoSessions);
  expect(lazy.services).toEqual(eager.services);
  for (const subset of subsets) {
    const names = new Set(subset);
    const expected = eager.warnings.filter((w) => w.profile === undefined || names.has(w.profile));
    expect(configWarningsFor(lazy, names)).toEqual(expected);
  }
  expect(lazy.warnings).toEqual(eager.warnings);
  expect(new Map(lazy.profiles)).toEqual(eager.profiles); // iterating reads every section
  return true;
}

describe("lazyAwsConfig reads exactly what the whole read does", () => {
  const subsets = fc.array(fc.array(fc.constantFrom("a", "b", "default", "dev", "prod", "x-1", "Ünï")), {
    maxLength: 3,
  });

  it.each([
    ["generated config files", configText],
    ["config-like tokens", configish],
  ])("on %s", (_, text) => {
    let lazyRuns = 0;
    fc.assert(
      fc.property(text, subsets, (t, s) => {
        if (checkSame(t, s)) lazyRuns++;
      }),
      { numRuns: 400 },
    );
    // Most texts are cut, not handed to the whole read (which an indented '[' or a BOM requires).
    expect(lazyRuns).toBeGreaterThan(100);
  });

  it.each([
    ["a file that starts with an empty line", "\n[profile a]\nregion = x\n\n[profile b]\nno equals sign\n"],
    ["a '[' line followed by a line starting with ']'", "[profile x\n]\n[profile b]\nregion = y\n"],
    [
      "a profile in three sections",
      "[profile a]\nregion = 1\n[profile a]\nregion = 2\n[profile a]\noutput = json\n",
    ],
    [
      "warnings in a profile and in a later sso-session",
      "[profile a]\nno equals sign\n[sso-session s]\nsso_region = eu-west-1\nnor here\n[profile b]\n",
    ],
  ])("reads %s exactly as the whole read does", (_, text) => {
    expect(checkSame(text, [["a"], ["b"], ["a", "b"], []])).toBe(true);
  });

  it("reads only the asked-for profile's lines of a 5,000-profile file", () => {
    const lines = ["[default]", "region = eu-west-1", ""];
    for (let i = 0; i < 5000; i++) {
      lines.push(
        `[profile p${i}]`,
        `source_profile = p${Math.max(0, i - 1)}`,
        "s3 =",
        "  addressing_style = path",
        "",
      );
    }
    lines.push(
      "[profile p7]",
      "region = us-east-2",
      "[profile p8 ]",
      "[sso-session s]",
      "sso_region = eu-west-1",
    );
    const text = lines.join("\n");
    expect(checkSame(text, [["p7"], ["p8"], []])).toBe(true);
    const lazy = lazyAwsConfig(text, "config")!;
    // A repeated section is merged, and its later keys win, as in the whole read.
    expect(lazy.profiles.get("p7")?.settings.get("region")?.value).toBe("us-east-2");
    expect(configWarningsFor(lazy, new Set(["p7"])).map((w) => [w.line, w.code])).toEqual([
      [25_004, "duplicate-section"],
    ]);
    // `[profile p8 ]` is a second p8, under a header aws-vault cannot address: both are said, of p8 only.
    expect(configWarningsFor(lazy, new Set(["p8"])).map((w) => [w.line, w.code])).toEqual([
      [25_006, "section-name-spacing"],
      [25_006, "duplicate-section"],
    ]);
    expect(configWarningsFor(lazy, new Set(["p9"]))).toEqual([]);
  });

  it("leaves files it cannot cut exactly to the whole read", () => {
    expect(lazyAwsConfig("\uFEFF[profile a]\nregion = x\n", "config")).toBeUndefined();
    expect(lazyAwsConfig("[profile a]\ns3 =\n  [b]\n", "config")).toBeUndefined();
  });
});
