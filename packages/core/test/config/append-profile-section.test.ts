import { describe, expect, it } from "vitest";
import { appendProfileSection } from "../../src/config/append-profile-section.js";

const append = (text: string | Buffer, profile = "new") =>
  Buffer.from(appendProfileSection(Buffer.from(text), profile)).toString("latin1");

describe("appendProfileSection", () => {
  it("adds a blank line and the section after a file ending in LF, as aws-vault does", () => {
    expect(append("[profile a]\nregion = x\n")).toBe("[profile a]\nregion = x\n\n[profile new]\n");
  });

  it("uses the file's CRLF line ending and keeps its BOM", () => {
    const bom = "\xef\xbb\xbf";
    expect(append(Buffer.from("\ufeff[default]\r\nregion = x\r\n"))).toBe(
      `${bom}[default]\r\nregion = x\r\n\r\n[profile new]\r\n`,
    );
  });

  it("ends an unterminated last line first", () => {
    expect(append("[profile a]\nregion = x")).toBe("[profile a]\nregion = x\n\n[profile new]\n");
  });

  it("adds no second blank line after one already there", () => {
    expect(append("[profile a]\n\n")).toBe("[profile a]\n\n[profile new]\n");
    expect(append("# only a comment\r\n  \r\n")).toBe("# only a comment\r\n  \r\n[profile new]\r\n");
  });

  it("writes [default] for the default profile and nothing else into an empty file", () => {
    expect(append("", "default")).toBe("[default]\n");
  });

  it("leaves nested values and comments as they are", () => {
    const text = "[profile a]\ns3 =\n  max_concurrent_requests = 20\n# trailing comment";
    expect(append(text)).toBe(`${text}\n\n[profile new]\n`);
  });
});
