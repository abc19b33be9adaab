import { describe, expect, it } from "vitest";
import { parseAwsConfig } from "../../src/config/index.js";

const read = (...lines: string[]) => parseAwsConfig(lines.join("\n"), "cfg");
const warningsOf = (...lines: string[]) => read(...lines).warnings;

describe("section headers that name no profile", () => {
  it("ignores other sections without a warning", () => {
    const config = read("[preview]", "foo = bar", "[profilefoo]");
    expect(config.profiles.size).toBe(0);
    expect(config.warnings).toEqual([]);
  });

  it.each([
    ["[profile]", "the header has no profile name"],
    ["[sso-session]", "the header has no sso-session name"],
    ["[profile my dev]", "the header has whitespace inside the profile name"],
  ])("drops %s and says why", (header, problem) => {
    const config = read(header, "region = x");
    expect(config.profiles.size).toBe(0);
    expect(config.ssoSessions.size).toBe(0);
    expect(config.warnings).toEqual([
      {
        code: "invalid-section-name",
        message: `${header} ${problem}; the section is ignored, as by the AWS CLI`,
        file: "cfg",
        line: 1,
      },
    ]);
  });
});

describe("section headers aws-vault cannot address", () => {
  const spacing = (header: string, canonical: string, cli: string) =>
    `${header} read as profile "dev", which aws-vault cannot address (write ${canonical}); the AWS CLI ${cli}`;

  it.each([
    ["[profile\tdev]", "reads it too"],
    ["[profile  dev]", "reads it too"],
    ["[ profile dev]", "ignores this section"],
  ])("reads %s as profile dev and warns that the AWS CLI %s", (header, cli) => {
    const config = read(header, "region = x");
    expect(config.profiles.get("dev")?.settings.get("region")?.value).toBe("x");
    expect(config.warnings).toEqual([
      {
        code: "section-name-spacing",
        message: spacing(header, "[profile dev]", cli),
        file: "cfg",
        line: 1,
        profile: "dev",
      },
    ]);
  });

  it("reads [default ] as the default profile, which the AWS CLI ignores", () => {
    expect(warningsOf("[default ]")).toEqual([
      {
        code: "section-name-spacing",
        message: `[default ] read as profile "default", which aws-vault cannot address (write [default]); the AWS CLI ignores this section`,
        file: "cfg",
        line: 1,
        profile: "default",
      },
    ]);
  });

  it("names no profile in a warning about an sso-session", () => {
    expect(warningsOf("[sso-session  corp]")).toEqual([
      {
        code: "section-name-spacing",
        message: `[sso-session  corp] read as sso-session "corp", which aws-vault cannot address (write [sso-session corp]); the AWS CLI reads it too`,
        file: "cfg",
        line: 1,
      },
    ]);
  });
});

describe("sections named twice", () => {
  it("keeps the first of two spellings of an sso-session and says which one is ignored", () => {
    const config = read("[sso-session corp]", "sso_region = a", "[sso-session\tcorp]", "sso_region = b");
    expect(config.ssoSessions.get("corp")?.settings.get("sso_region")?.value).toBe("a");
    expect(config.warnings).toContainEqual({
      code: "duplicate-section",
      message: `[sso-session\tcorp] ignored: sso-session "corp" is already defined at line 1; the AWS CLI reads the later one instead`,
      file: "cfg",
      line: 3,
    });
  });

  it("keeps [default] over an earlier [profile default] and explains what each tool reads", () => {
    const config = read("[profile default]", "region = x", "[default]", "region = y");
    expect(config.profiles.get("default")?.settings.get("region")?.value).toBe("y");
    expect(config.warnings).toEqual([
      {
        code: "default-and-profile-default",
        message:
          '[profile default] ignored: [default] (line 3) also defines profile "default" and vault-cli and aws-vault ' +
          "read only [default]; the AWS CLI reads the later of the two (line 3) and the JS SDK reads [profile default]",
        file: "cfg",
        line: 1,
        profile: "default",
      },
    ]);
  });

  it("reads a lone [profile default] as the default profile and warns that aws-vault does not", () => {
    const config = read("[profile default]", "region = x");
    expect(config.profiles.get("default")?.settings.get("region")?.value).toBe("x");
    expect(config.warnings).toEqual([
      {
        code: "default-and-profile-default",
        message:
          "[profile default] is read as the default profile; aws-vault ignores it (it reads only [default]): rename it [default]",
        file: "cfg",
        line: 1,
        profile: "default",
      },
    ]);
  });
});

describe("profile keys", () => {
  it("warns about a near-miss of a known key and about long-term keys in the file, leaving other keys alone", () => {
    expect(
      warningsOf("[profile a]", "source_profle = b", "aws_access_key_id = AK", "region = x", "output = json"),
    ).toEqual([
      {
        code: "unknown-key",
        message: "[profile a] unknown key 'source_profle' is ignored (did you mean 'source_profile'?)",
        file: "cfg",
        line: 2,
        profile: "a",
      },
      {
        code: "ignored-setting",
        message:
          "[profile a] aws_access_key_id in the config file is ignored by vault-cli and aws-vault (the AWS CLI uses " +
          "it): store keys with 'vault-cli add a' and delete them from the file",
        file: "cfg",
        line: 3,
        profile: "a",
      },
    ]);
  });
});

describe("warning order", () => {
  it("lists the parser's warnings and the AWS-level ones together in line order", () => {
    const warnings = warningsOf(
      "[profile  a]",
      "x : y",
      "[profile b]",
      "k = 1",
      "k = 2",
      "source_profle = c",
    );
    expect(warnings.map((w) => `${w.line} ${w.code}`)).toEqual([
      "1 section-name-spacing",
      "2 colon-delimiter",
      "5 duplicate-key",
      "6 unknown-key",
    ]);
  });
});
