import { describe, expect, it } from "vitest";
import { toStsError } from "../src/sts/sts-error.js";

const context = {
  profile: "dev",
  call: "AssumeRole arn:aws:iam::1:role/x",
  endpoint: "https://sts.eu-west-1.amazonaws.com",
};
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe("toStsError", () => {
  it("a rejected MFA code is MFA_FAILED", () => {
    const error = toStsError(
      awsError("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code."),
      context,
    );
    expect(error.code).toBe("MFA_FAILED");
    expect(error.message).toBe(
      "profile 'dev': AssumeRole arn:aws:iam::1:role/x failed: AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code.",
    );
    expect(error.profile).toBe("dev");
  });

  it("never repeats the rejected value AWS quotes in a validation message (a pasted secret as MFA code)", () => {
    const error = toStsError(
      awsError(
        "ValidationError",
        "1 validation error detected: Value 'my-password!' at 'tokenCode' failed to satisfy constraint: Member must have length less than or equal to 6",
      ),
      context,
    );
    expect(error.message).not.toContain("my-password!");
    expect(error.message).toContain("Value '***' at 'tokenCode' failed to satisfy constraint");
  });

  it("ExpiredToken is STS_FAILED with AWS's message and the cause", () => {
    const cause = awsError("ExpiredToken", "The security token included in the request is expired");
    const error = toStsError(cause, context);
    expect([error.code, error.message, error.cause]).toEqual([
      "STS_FAILED",
      "profile 'dev': AssumeRole arn:aws:iam::1:role/x failed: ExpiredToken: The security token included in the request is expired",
      cause,
    ]);
  });

  it("masks access key ids that appear in AWS messages", () => {
    const error = toStsError(
      awsError("AccessDenied", "User with key ASIAABCDEFGHIJKLWXYZ is not allowed"),
      context,
    );
    expect(error.message).toContain("User with key ****WXYZ is not allowed");
  });

  it("ENOTFOUND (also nested in an AggregateError) is 'cannot reach STS'", () => {
    const dns = Object.assign(new Error("getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com"), {
      code: "ENOTFOUND",
    });
    for (const error of [dns, new AggregateError([dns], "")]) {
      expect(toStsError(error, context).message).toBe(
        "profile 'dev': AssumeRole arn:aws:iam::1:role/x failed: cannot reach STS at https://sts.eu-west-1.amazonaws.com (ENOTFOUND)",
      );
    }
  });

  it("passes AWS's message through one redactor: tokens and codes masked, the length bounded", () => {
    const token = `IQoJb3JpZ2luX2VjE${"Zm9vYmFy".repeat(200)}`;
    const error = toStsError(
      awsError("InvalidClientTokenId", `The security token ${token} (TokenCode=654321) is invalid`),
      context,
    );
    expect(error.message).not.toContain(token.slice(0, 40));
    expect(error.message).not.toContain("654321");
    expect(error.message).toContain("TokenCode=******");
    expect(error.message.length).toBeLessThan(700);
  });
});
