import { commandEnv } from "@vault-cli/core";
import { describe, expect, it } from "vitest";
import { formatCredentials } from "../src/exec/format-credentials.js";

const session = {
  accessKeyId: "ASIAEXAMPLEWXYZ",
  secretAccessKey: "secret/key",
  sessionToken: "token==",
  expiration: new Date("2026-11-22T10:00:00.123Z"),
};
const longTerm = { accessKeyId: "AKIAEXAMPLEWXYZ", secretAccessKey: "secret/key" };

describe("export --format", () => {
  it("json is a credential_process Version 1 document with a second-precision Z expiration", () => {
    expect(JSON.parse(formatCredentials("json", "p", session, "eu-west-1"))).toEqual({
      Version: 1,
      AccessKeyId: "ASIAEXAMPLEWXYZ",
      SecretAccessKey: "secret/key",
      SessionToken: "token==",
      Expiration: "2026-11-22T10:00:00Z",
    });
    expect(JSON.parse(formatCredentials("json", "p", longTerm, undefined))).toEqual({
      Version: 1,
      AccessKeyId: "AKIAEXAMPLEWXYZ",
      SecretAccessKey: "secret/key",
    });
  });

  it("env, export-env and ini print aws-vault's lines", () => {
    expect(formatCredentials("env", "p", session, "eu-west-1")).toBe(
      "AWS_ACCESS_KEY_ID=ASIAEXAMPLEWXYZ\nAWS_SECRET_ACCESS_KEY=secret/key\nAWS_SESSION_TOKEN=token==\n" +
        "AWS_CREDENTIAL_EXPIRATION=2026-11-22T10:00:00Z\nAWS_REGION=eu-west-1\nAWS_DEFAULT_REGION=eu-west-1\n",
    );
    expect(formatCredentials("export-env", "p", longTerm, undefined)).toBe(
      "export AWS_ACCESS_KEY_ID=AKIAEXAMPLEWXYZ\nexport AWS_SECRET_ACCESS_KEY=secret/key\n",
    );
    expect(formatCredentials("ini", "dev", session, "eu-west-1")).toBe(
      "[dev]\naws_access_key_id=ASIAEXAMPLEWXYZ\naws_secret_access_key=secret/key\naws_session_token=token==\n" +
        "aws_credential_expiration=2026-11-22T10:00:00Z\nregion=eu-west-1\n",
    );
  });
});

describe("exec's child environment", () => {
  it("drops stale credentials and profile selectors, and sets AWS_VAULT, keys and region", () => {
    const parent = {
      PATH: "/bin",
      AWS_PROFILE: "x",
      AWS_DEFAULT_PROFILE: "y",
      AWS_SESSION_TOKEN: "old",
      AWS_SECURITY_TOKEN: "old",
      AWS_SDK_LOAD_CONFIG: "1",
      AWS_VAULT_FILE_PASSPHRASE: "the passphrase",
      AWS_CONFIG_FILE: "/c",
    };
    expect(commandEnv(parent, "dev", longTerm, {})).toEqual({
      PATH: "/bin",
      AWS_CONFIG_FILE: "/c",
      AWS_VAULT: "dev",
      AWS_ACCESS_KEY_ID: "AKIAEXAMPLEWXYZ",
      AWS_SECRET_ACCESS_KEY: "secret/key",
    });
  });
});
