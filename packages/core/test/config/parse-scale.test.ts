import { parseAwsConfig } from "@vault-cli/core";
import { expect, it } from "vitest";

/** 5,000 profiles of six settings each, with a sub-section, comments and blank lines (~45,000 lines). */
function bigConfig(profiles: number): string {
  const lines = ["[default]", "region = us-east-1", ""];
  for (let i = 0; i < profiles; i++) {
    lines.push(
      `# team ${i}`,
      `[profile p${i}]`,
      `source_profile = ${i === 0 ? "default" : `p${i - 1}`}`,
      `role_arn = arn:aws:iam::123456789012:role/r${i}`,
      "mfa_serial = arn:aws:iam::123456789012:mfa/jane",
      "s3 =",
      "  addressing_style = path",
      `duration_seconds = ${900 + i}`,
      "",
    );
  }
  return lines.join("\n");
}

it("reads a 5,000-profile config completely, with no warnings", () => {
  const config = parseAwsConfig(bigConfig(5000), "config");
  expect(config.profiles.size).toBe(5001);
  expect(config.warnings).toEqual([]);
  const last = config.profiles.get("p4999")!;
  // Three lines of [default], then nine per profile: the comment, then the header.
  expect(last.location.line).toBe(3 + 4999 * 9 + 2);
  expect(last.settings.get("source_profile")?.value).toBe("p4998");
  expect(last.settings.get("s3")?.value).toEqual({ addressing_style: "path" });
  expect(last.settings.get("duration_seconds")).toMatchObject({
    value: "5899",
    location: { file: "config", line: 45_002 },
  });
});
