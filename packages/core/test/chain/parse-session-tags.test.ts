import { describe, expect, it } from "vitest";
import { parseSessionTags, parseTransitiveTags } from "../../src/chain/parse-session-tags.js";
import { isVaultError } from "../../src/errors.js";

describe("parseSessionTags", () => {
  it("splits on commas and the first '=', trimming keys and values", () => {
    expect(parseSessionTags(" team = core ,env=prod=blue")).toEqual({ team: "core", env: "prod=blue" });
  });

  it("keeps the last value of a repeated key and a key named __proto__ as a plain tag", () => {
    const tags = parseSessionTags("a=1,a=2,__proto__=x");
    expect(tags.a).toBe("2");
    expect(Object.hasOwn(tags, "__proto__")).toBe(true);
  });

  it.each(["", "a=1,", "a=1,b", "novalue"])(
    "rejects %j as aws-vault does (an element without '=')",
    (text) => {
      expect(() => parseSessionTags(text)).toThrowError(
        /^session tags string must be <key1>=<value1>,\[<key2>=<value2>\[,\.\.\.\]\]: element '.*' has no '='$/,
      );
    },
  );

  it("names where the string came from and returns a CONFIG_INVALID_SETTING error", () => {
    const location = { file: "/tmp/config", line: 7 };
    try {
      parseSessionTags("a=1,b", {
        subject: "session_tags of profile 'dev' at /tmp/config:7",
        location,
        profile: "dev",
      });
      expect.unreachable();
    } catch (error) {
      expect(isVaultError(error) && error.code).toBe("CONFIG_INVALID_SETTING");
      expect(error).toMatchObject({ location, profile: "dev" });
      expect((error as Error).message).toMatch(/^session_tags of profile 'dev' at \/tmp\/config:7 must be /);
    }
  });
});

describe("parseTransitiveTags", () => {
  it("splits on commas, trims and drops empty keys", () => {
    expect(parseTransitiveTags(" team, env ,,")).toEqual(["team", "env"]);
    expect(parseTransitiveTags("")).toEqual([]);
  });
});
