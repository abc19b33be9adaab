import { describe, expect, it } from "vitest";
import { parseAwsConfig } from "../../src/config/index.js";

const read = (...lines: string[]) => parseAwsConfig(lines.join("\n"), "cfg");
const valuesOf = (...lines: string[]) =>
  Object.fromEntries(
    [...read(...lines).profiles].map(([name, section]) => [
      name,
      Object.fromEntries([...section.settings].map(([key, setting]) => [key, setting.value])),
    ]),
  );
const REJECTS = "the AWS CLI rejects the whole file";

describe("lines before any section", () => {
  it("skips them, telling a key line from an unparsable one, with a message that names no section", () => {
    expect(read("=v", "x = 1", "junk").warnings).toEqual([
      {
        code: "key-outside-section",
        message: `"=v" comes before any [section] header; the line is skipped (${REJECTS})`,
        file: "cfg",
        line: 1,
      },
      {
        code: "key-outside-section",
        message: `"x = 1" comes before any [section] header; the line is skipped (${REJECTS})`,
        file: "cfg",
        line: 2,
      },
      {
        code: "unparsable-line",
        message: `"junk" comes before any [section] header; the line is skipped (${REJECTS})`,
        file: "cfg",
        line: 3,
      },
    ]);
  });
});

describe("lines with no key", () => {
  it.each([
    ["=a:b", "="],
    [":a=b", ":"],
  ])("skips %s, splitting at the first delimiter", (line, delimiter) => {
    const config = read("[profile a]", line);
    expect(valuesOf("[profile a]", line)).toEqual({ a: {} });
    expect(config.warnings).toEqual([
      {
        code: "unparsable-line",
        message: `[profile a] "${line}" has no key before "${delimiter}"; the line is skipped (${REJECTS})`,
        file: "cfg",
        line: 2,
        profile: "a",
      },
    ]);
  });

  it("ends the value before it, so a following indented line is a key of its own", () => {
    expect(valuesOf("[profile a]", "s3 =", "=bad", "  region = x")).toEqual({ a: { s3: "", region: "x" } });
  });
});

describe("values", () => {
  it("strips form feeds and vertical tabs around a value", () => {
    expect(valuesOf("[profile a]", "region = x\f", "output =\vjson\v")).toEqual({
      a: { region: "x", output: "json" },
    });
  });

  it("warns about a colon delimiter", () => {
    expect(read("[profile a]", "x : y").warnings).toEqual([
      {
        code: "colon-delimiter",
        message: `[profile a] "x" is followed by ":" instead of "="; the JS SDK splits on "=" only and misreads this line`,
        file: "cfg",
        line: 2,
        profile: "a",
      },
    ]);
  });

  it("warns about quotes kept in a value of two or more characters and about a trailing backslash", () => {
    const config = read("[profile a]", 'external_id = "', 'mfa_serial = ""', "region = x\\");
    expect(valuesOf("[profile a]", 'external_id = "', 'mfa_serial = ""')).toEqual({
      a: { external_id: '"', mfa_serial: '""' },
    });
    expect(config.warnings).toEqual([
      {
        code: "quoted-value",
        message: `[profile a] the value of "mfa_serial" keeps its quotes (as in the AWS CLI); aws-vault removes them`,
        file: "cfg",
        line: 3,
        profile: "a",
      },
      {
        code: "line-continuation",
        message: `[profile a] the value of "region" ends in "\\"; aws-vault joins the next line to it, vault-cli and the AWS CLI do not`,
        file: "cfg",
        line: 4,
        profile: "a",
      },
    ]);
  });

  it("checks a continuation line for quotes as it joins it to the value", () => {
    const config = read("[profile a]", "role_arn = x", '  "quoted"');
    expect(config.profiles.get("a")?.settings.get("role_arn")?.value).toBe('x\n"quoted"');
    expect(config.warnings).toEqual([
      {
        code: "continuation-line",
        message: `[profile a] the indented line ""quoted"" is read as part of the value of "role_arn"`,
        file: "cfg",
        line: 3,
        profile: "a",
      },
      {
        code: "quoted-value",
        message: `[profile a] the value of "role_arn" keeps its quotes (as in the AWS CLI); aws-vault removes them`,
        file: "cfg",
        line: 3,
        profile: "a",
      },
    ]);
  });
});

describe("nested values", () => {
  it("reads an empty sub-key, names quoted sub-values by their full key, and skips lines without '='", () => {
    const lines = ["[profile a]", "s3 =", "  =v", "  addressing_style = 'path'", "  nokey"];
    expect(valuesOf(...lines)).toEqual({ a: { s3: { "": "v", addressing_style: "'path'" } } });
    expect(read(...lines).warnings).toEqual([
      {
        code: "quoted-value",
        message: `[profile a] the value of "s3.addressing_style" keeps its quotes (as in the AWS CLI); aws-vault removes them`,
        file: "cfg",
        line: 4,
        profile: "a",
      },
      {
        code: "unparsable-line",
        message: `[profile a] "nokey" under "s3 =" has no "="; the line is skipped (${REJECTS})`,
        file: "cfg",
        line: 5,
        profile: "a",
      },
    ]);
  });

  it("says the AWS CLI rejects a bad sub-line in [DEFAULT] only if the file has another section", () => {
    expect(read("[DEFAULT]", "s3 =", "  nokey").warnings).toContainEqual({
      code: "unparsable-line",
      message: `[DEFAULT] "nokey" under "s3 =" has no "="; the line is skipped (${REJECTS} if it has any other section)`,
      file: "cfg",
      line: 3,
    });
  });
});

describe("repeated sections", () => {
  it("merges a repeated section into the first and says so", () => {
    const config = read("[profile a]", "region = x", "[profile a]", "output = json");
    expect(config.profiles.get("a")?.settings.get("output")?.value).toBe("json");
    expect(config.warnings).toEqual([
      {
        code: "duplicate-section",
        message: `[profile a] repeats the section of line 1; its keys are merged into it (${REJECTS})`,
        file: "cfg",
        line: 3,
        profile: "a",
      },
    ]);
  });
});
