import { parseIni } from "@vault-cli/core";
import { describe, expect, it } from "vitest";
import { fixture } from "../support/fixtures.js";
import { linesOf, valuesOf, warningsOf } from "../support/views.js";

describe("parseIni on the tricky fixture", () => {
  const parsed = parseIni(fixture("tricky.ini"), "~/.aws/config");

  it("reads every section and value as botocore does, minus inline comments", () => {
    expect(valuesOf(parsed)).toEqual({
      default: { region: "us-east-1", output: "json" },
      "profile dev": {
        region: "eu-west-1",
        sso_start_url: "https://my-sso.awsapps.com/start#/",
        credential_process: `/usr/bin/tool --arg "a=b" --other 'x;y'`,
        source_profile: "",
        mfa_serial: "arn:aws:iam::123456789012:mfa/jane#1",
        s3: { max_concurrent_requests: "20", addressing_style: "path" },
        "key with spaces": "some value",
        mixed_case_key: "Kept As Written",
        role_arn: "arn:aws:iam::123456789012:role/a=b",
      },
      "profile   spaced ": { region: "ap-south-1" },
      "sso-session corp": { sso_start_url: "https://corp.awsapps.com/start", sso_region: "us-east-1" },
      "services local": {
        s3: { endpoint_url: "http://localhost:4566" },
        dynamodb: { endpoint_url: "http://localhost:8000" },
      },
      "profile uses-services": { services: "local", endpoint_url: "https://example.com:8443/path;v=1" },
      preview: { cloudfront: "true" },
      foo: { bar: "baz;qux" },
    });
  });

  it("records the line of every header and key", () => {
    expect(parsed.sections.map((s) => [s.header, s.line])).toEqual([
      ["default", 3],
      ["profile dev", 7],
      ["profile   spaced ", 21],
      ["sso-session corp", 24],
      ["services local", 28],
      ["profile uses-services", 34],
      ["preview", 38],
      ["foo", 41],
    ]);
    expect(linesOf(parsed)["profile dev"]).toEqual({
      region: 8,
      sso_start_url: 9,
      credential_process: 10,
      source_profile: 11,
      mfa_serial: 12,
      s3: 14,
      "key with spaces": 17,
      mixed_case_key: 18,
      role_arn: 19,
    });
    expect(linesOf(parsed)["services local"]).toEqual({ s3: 29, dynamodb: 31 });
  });

  it("warns only about the three inline comments, naming file, line and section", () => {
    expect(warningsOf(parsed)).toEqual([
      "4 inline-comment (default)",
      "8 inline-comment (dev)",
      "15 inline-comment (dev)",
    ]);
    expect(parsed.warnings[1]).toMatchObject({ file: "~/.aws/config", line: 8 });
    expect(parsed.warnings[1]!.message).toBe(
      `[profile dev] "# Ireland (a tab before the #)" is read as a comment; ` +
        `the AWS CLI keeps " # Ireland (a tab before the #)" as part of the value`,
    );
  });

  it("reads the CRLF copy identically", () => {
    const crlf = parseIni(fixture("tricky-crlf.ini"), "~/.aws/config");
    expect(fixture("tricky-crlf.ini")).toContain("\r\n");
    expect(crlf).toEqual(parsed);
  });

  it("reads the CRLF copy with a BOM identically, and warns about the BOM", () => {
    const bom = parseIni(fixture("tricky-crlf-bom.ini"), "~/.aws/config");
    expect(fixture("tricky-crlf-bom.ini").charCodeAt(0)).toBe(0xfeff);
    expect(bom.sections).toEqual(parsed.sections);
    expect(warningsOf(bom)).toEqual(["1 bom", ...warningsOf(parsed)]);
    expect(bom.warnings[0]!.message).toContain("the AWS CLI rejects the whole file");
  });
});

describe("parseIni on the other fixtures", () => {
  it("splits lines on a lone \\r, as Python's universal newlines do", () => {
    const parsed = parseIni(fixture("cr-only.ini"), "config");
    expect(valuesOf(parsed)).toEqual({
      default: { region: "us-west-2" },
      "profile cr": {
        source_profile: "default",
        s3: { addressing_style: "virtual" },
        role_arn: "arn:aws:iam::111111111111:role/cr",
      },
    });
    expect(linesOf(parsed)["profile cr"]).toEqual({ source_profile: 5, s3: 6, role_arn: 8 });
  });

  it("skips full-line comments, even inside a sub-section or a continued value", () => {
    const parsed = parseIni(fixture("comments.ini"), "config");
    expect(valuesOf(parsed)).toEqual({
      "profile c": {
        s3: { max_bandwidth: "50MB/s", addressing_style: "path" },
        description: "a\nb",
        a: "x#y",
        b: "x",
        c: "",
        d: "#kept",
        e: "",
        url: "https://x.example/start#/",
      },
    });
    expect(warningsOf(parsed)).toEqual([
      "10 continuation-line (c)",
      "13 inline-comment (c)",
      "14 inline-comment (c)",
      "16 inline-comment (c)",
      "17 inline-comment (c)",
    ]);
  });

  it("lets a repeated key replace the earlier one and merges a repeated section into the first", () => {
    const parsed = parseIni(fixture("duplicates.ini"), "config");
    expect(parsed.sections.map((s) => s.header)).toEqual(["profile a", "profile b"]);
    // First-seen order, the last value and the line it came from.
    expect(valuesOf(parsed)["profile a"]).toEqual({
      region: "eu-west-1",
      output: "text",
      mfa_serial: "arn:aws:iam::123456789012:mfa/a",
    });
    expect(linesOf(parsed)["profile a"]).toEqual({ region: 3, output: 10, mfa_serial: 11 });
    expect(parsed.sections[0]!.line).toBe(1);
    expect(warningsOf(parsed)).toEqual([
      "3 duplicate-key (a)",
      "9 duplicate-section (a)",
      "10 duplicate-key (a)",
    ]);
    expect(parsed.warnings[0]!.message).toContain(`"region" replaces the value set at line 2`);
  });

  it("ignores [DEFAULT] and its keys, including their continuation lines", () => {
    const parsed = parseIni(fixture("default-section.ini"), "config");
    expect(valuesOf(parsed)).toEqual({ "profile a": { output: "json" } });
    expect(warningsOf(parsed)).toEqual(["1 default-section", "3 continuation-line", "8 default-section"]);
    expect(parsed.warnings[0]!.message).toContain("the AWS CLI copies its keys into every section");
  });

  it("reads colon delimiters, continued values, quotes and trailing backslashes as botocore, with warnings", () => {
    const parsed = parseIni(fixture("continuation.ini"), "config");
    expect(valuesOf(parsed)["profile c"]).toEqual({
      region: "us-east-1",
      description: "first line\nsecond line\n\nthird line after a tab",
      credential_process: `"/opt/tool" --flag`,
      external_id: `"quoted value"`,
      session_name: "'single'",
      role_arn: "arn:aws:iam::123456789012:role/x \\",
      mfa_serial: "arn:aws:iam::123456789012:mfa/x",
      empty_then_blank: "",
      next: "value",
    });
    expect(warningsOf(parsed)).toEqual([
      "2 colon-delimiter (c)",
      "4 continuation-line (c)",
      "6 inline-comment (c)",
      "6 continuation-line (c)",
      "8 quoted-value (c)",
      "9 quoted-value (c)",
      "10 line-continuation (c)",
    ]);
  });

  it("skips lines it cannot read, saying that botocore rejects the file", () => {
    const parsed = parseIni(fixture("bad-lines.ini"), "config");
    expect(valuesOf(parsed)).toEqual({
      "profile bad": { region: "indented after garbage", s3: { addressing_style: "path" } },
      "profile a b": { region: "us-west-1" },
    });
    expect(warningsOf(parsed)).toEqual([
      "1 key-outside-section",
      "2 unparsable-line",
      "4 unparsable-line (bad)",
      "6 unparsable-line (bad)",
      "9 unparsable-line (bad)",
      "12 unparsable-line",
    ]);
    for (const warning of parsed.warnings)
      expect(warning.message).toContain("the AWS CLI rejects the whole file");
  });
});
