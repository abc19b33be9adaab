import { describe, expect, it } from "vitest";
import { configWarningsFor, lazyAwsConfig } from "../../src/config/lazy-aws-config.js";
import { parseIni } from "../../src/config/parse-ini.js";
import { readAwsConfig } from "../../src/config/read-aws-config.js";

const profiles = (count: number) =>
  Array.from(
    { length: count },
    (_, i) => `[profile p${i}]\nregion = r${i}\naws_access_key_id = AKIA${i}\n`,
  ).join("\n");

describe("lazyAwsConfig: any way of reading the profiles sees every section", () => {
  const text = `[default]\nregion = d\n\n${profiles(20)}`;
  const eager = readAwsConfig(parseIni(text, "config"));
  const fresh = () => lazyAwsConfig(text, "config")!;

  it("values() after one profile was read returns every section", () => {
    const lazy = fresh();
    lazy.profiles.get("p3");
    expect([...lazy.profiles.values()]).toEqual([...eager.profiles.values()]);
  });

  it("forEach visits every profile with its section", () => {
    const lazy = fresh();
    const seen: [string, unknown][] = [];
    lazy.profiles.forEach((section, name) => {
      seen.push([name, section]);
    });
    expect(seen).toEqual([...eager.profiles.entries()]);
  });

  it("iterating yields every entry read", () => {
    expect([...fresh().profiles]).toEqual([...eager.profiles.entries()]);
  });

  it("more profiles read one at a time than the whole-file threshold still read right", () => {
    const lazy = fresh();
    for (let i = 19; i >= 0; i--) expect(lazy.profiles.get(`p${i}`)).toEqual(eager.profiles.get(`p${i}`));
    expect(lazy.profiles.get("default")).toEqual(eager.profiles.get("default"));
    expect(lazy.profiles.get("nope")).toBeUndefined();
  });

  it("a profile read twice is the same section", () => {
    const lazy = fresh();
    expect(lazy.profiles.get("p1")).toBe(lazy.profiles.get("p1"));
  });
});

describe("configWarningsFor", () => {
  const text = "x = 1\n[profile a]\naws_access_key_id = A\n\n[profile b]\naws_access_key_id = B\n";

  it.each([
    ["lazily read", () => lazyAwsConfig(text, "config")!],
    ["read whole", () => readAwsConfig(parseIni(text, "config"))],
  ])("keeps the file's warnings and those of the profiles asked about (%s)", (_how, read) => {
    const warnings = configWarningsFor(read(), new Set(["a"]));
    expect(warnings.map((w) => [w.code, w.profile])).toEqual([
      ["key-outside-section", undefined],
      ["ignored-setting", "a"],
    ]);
  });
});
