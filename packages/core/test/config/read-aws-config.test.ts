import { type AwsConfig, type ConfigSection, parseAwsConfig, parseIni, readAwsConfig } from "@vault-cli/core";
import { describe, expect, it } from "vitest";
import { fixture } from "../support/fixtures.js";
import { warningsOf } from "../support/views.js";

const read = (...lines: string[]) => parseAwsConfig(lines.join("\n"), "config");

/** A section as key → [value, line], the way a user reads it back in the file. */
function settingsOf(section: ConfigSection | undefined) {
  if (section === undefined) return undefined;
  const entries = [...section.settings].map(([key, s]) => {
    const value = typeof s.value === "string" ? s.value : { ...s.value };
    return [key, [value, s.location.line]] as const;
  });
  return Object.fromEntries(entries);
}

const names = (config: AwsConfig) => ({
  profiles: [...config.profiles.keys()],
  ssoSessions: [...config.ssoSessions.keys()],
  services: [...config.services.keys()],
});

describe("readAwsConfig on the tricky fixture", () => {
  const config = parseAwsConfig(fixture("tricky.ini"), "~/.aws/config");

  it("maps [default] and [profile x] to profiles, and sso-session and services sections to their own maps", () => {
    expect(names(config)).toEqual({
      profiles: ["default", "dev", "spaced", "uses-services"],
      ssoSessions: ["corp"],
      services: ["local"],
    });
  });

  it("keeps where each section and setting was written", () => {
    const dev = config.profiles.get("dev")!;
    expect(dev.name).toBe("dev");
    expect(dev.location).toEqual({ file: "~/.aws/config", line: 7 });
    expect(dev.settings.get("mfa_serial")).toMatchObject({
      value: "arn:aws:iam::123456789012:mfa/jane#1",
      location: { file: "~/.aws/config", line: 12 },
    });
    expect(settingsOf(config.profiles.get("spaced"))).toEqual({ region: ["ap-south-1", 22] });
    expect(settingsOf(config.ssoSessions.get("corp"))).toEqual({
      sso_start_url: ["https://corp.awsapps.com/start", 25],
      sso_region: ["us-east-1", 26],
    });
  });

  it("reads both nested endpoint_url blocks of [services local]", () => {
    expect(settingsOf(config.services.get("local"))).toEqual({
      s3: [{ endpoint_url: "http://localhost:4566" }, 29],
      dynamodb: [{ endpoint_url: "http://localhost:8000" }, 31],
    });
  });

  it("carries the parser's warnings over and adds one for the spaced name, in line order", () => {
    expect(warningsOf(config)).toEqual([
      "4 inline-comment (default)",
      "8 inline-comment (dev)",
      "15 inline-comment (dev)",
      "21 section-name-spacing (spaced)",
    ]);
    expect(config.warnings[3]!.message).toBe(
      `[profile   spaced ] read as profile "spaced", which aws-vault cannot address ` +
        "(write [profile spaced]); the AWS CLI reads it too",
    );
  });
});

describe("section names", () => {
  const config = parseAwsConfig(fixture("section-names.ini"), "config");

  it("trims names, skips headers that name nothing readable, and keeps the first of two same-named profiles", () => {
    expect(names(config)).toEqual({
      profiles: ["spaced", "leading", "tabbed", "default"],
      ssoSessions: ["corp"],
      services: ["x"],
    });
    expect(settingsOf(config.profiles.get("spaced"))).toEqual({ region: ["a", 2] });
  });

  it("warns about every header that aws-vault or the AWS CLI reads differently", () => {
    expect(warningsOf(config)).toEqual([
      "1 section-name-spacing (spaced)",
      "3 section-name-spacing (leading)",
      "5 section-name-spacing (tabbed)",
      "7 invalid-section-name",
      "9 invalid-section-name",
      "15 section-name-spacing",
      "21 default-and-profile-default (default)",
      "23 duplicate-section (spaced)",
    ]);
    const messages = config.warnings.map((w) => w.message);
    expect(messages[1]).toContain("the AWS CLI ignores this section");
    expect(messages[3]).toContain("[profile a b] the header has whitespace inside the profile name");
    expect(messages[4]).toContain("[profile] the header has no profile name");
    expect(messages[6]).toContain("aws-vault ignores it (it reads only [default])");
    expect(messages[7]).toContain(
      `profile "spaced" is already defined at line 1; the AWS CLI reads the later one`,
    );
  });

  it("reads `[ default ]` as the default profile, noting that the AWS CLI ignores it", () => {
    const config = read("[ default ]", "region = x");
    expect(settingsOf(config.profiles.get("default"))).toEqual({ region: ["x", 2] });
    expect(config.warnings[0]!.message).toContain("(write [default]); the AWS CLI ignores this section");
  });

  it("does not read [Default], [profilefoo] or [preview] as profiles", () => {
    expect(names(read("[Default]", "[profilefoo]", "[preview]", "[sso-sessionx]"))).toEqual({
      profiles: [],
      ssoSessions: [],
      services: [],
    });
  });
});

describe("[default] and [profile default]", () => {
  it("reads [default] when [profile default] comes first, and warns on the ignored section", () => {
    const config = parseAwsConfig(fixture("default-and-profile-default.ini"), "config");
    expect(settingsOf(config.profiles.get("default"))).toEqual({
      region: ["us-east-1", 5],
      output: ["json", 6],
    });
    expect(config.profiles.get("default")!.location.line).toBe(4);
    expect(warningsOf(config)).toEqual(["1 default-and-profile-default (default)"]);
    expect(config.warnings[0]!.message).toContain("the AWS CLI reads the later of the two (line 4)");
  });

  it("reads [default] when it comes first too, and names the AWS CLI's choice", () => {
    const config = read("[default]", "region = a", "[profile default]", "region = b");
    expect(settingsOf(config.profiles.get("default"))).toEqual({ region: ["a", 2] });
    expect(warningsOf(config)).toEqual(["3 default-and-profile-default (default)"]);
    expect(config.warnings[0]!.message).toContain("the AWS CLI reads the later of the two (line 3)");
  });
});

describe("warnings carried over from parseIni", () => {
  it("name the profile of the section their line is in, also in a repeated section", () => {
    const config = parseAwsConfig(fixture("duplicates.ini"), "config");
    expect(warningsOf(config)).toEqual([
      "3 duplicate-key (a)",
      "9 duplicate-section (a)",
      "10 duplicate-key (a)",
    ]);
  });

  it("name no profile for lines in an sso-session", () => {
    const config = read("[sso-session corp]", "sso_region: x");
    expect(config.warnings).toMatchObject([{ code: "colon-delimiter", line: 2 }]);
    expect(config.warnings[0]).not.toHaveProperty("profile");
  });

  it("pass through unchanged when the section names need no warning", () => {
    const parsed = parseIni(fixture("continuation.ini"), "config");
    expect(readAwsConfig(parsed).warnings).toEqual(parsed.warnings);
  });
});

it("reads an empty file as no profiles and no warnings", () => {
  expect(parseAwsConfig("", "config")).toEqual({
    file: "config",
    profiles: new Map(),
    ssoSessions: new Map(),
    services: new Map(),
    warnings: [],
  });
});

describe("key warnings", () => {
  const text = [
    "[profile dev]",
    "source_profle = jon",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG",
    "output = json",
    "role_arn = arn:aws:iam::1:role/r",
  ].join("\n");
  const config = parseAwsConfig(text, "config");

  it("names a near-miss of a key vault-cli reads, with the key it probably meant", () => {
    const warning = config.warnings.find((w) => w.code === "unknown-key");
    expect(warning).toMatchObject({ file: "config", line: 2, profile: "dev" });
    expect(warning?.message).toBe(
      "[profile dev] unknown key 'source_profle' is ignored (did you mean 'source_profile'?)",
    );
  });

  it("says plaintext keys in the config file are ignored, without echoing their value", () => {
    const warning = config.warnings.find((w) => w.code === "ignored-setting");
    expect(warning).toMatchObject({ line: 3, profile: "dev" });
    expect(warning?.message).toContain("aws_secret_access_key in the config file is ignored");
    expect(warning?.message).not.toContain("wJalr");
  });

  it("leaves other tools' keys alone", () => {
    expect(config.warnings.map((w) => w.line)).toEqual([2, 3]);
  });
});
