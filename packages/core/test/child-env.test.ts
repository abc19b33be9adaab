import { describe, expect, it } from "vitest";
import { commandEnv, credentialVariables, helperEnv, serverCommandEnv } from "../src/child-env.js";

const session = {
  accessKeyId: "ASIA1",
  secretAccessKey: "secret",
  sessionToken: "token",
  expiration: new Date("2026-01-01T01:00:00.123Z"),
};

describe("credentialVariables", () => {
  it("lists session credentials, expiration to the second and region, in export order", () => {
    expect(credentialVariables(session, "eu-west-1")).toEqual([
      ["AWS_ACCESS_KEY_ID", "ASIA1"],
      ["AWS_SECRET_ACCESS_KEY", "secret"],
      ["AWS_SESSION_TOKEN", "token"],
      ["AWS_CREDENTIAL_EXPIRATION", "2026-01-01T01:00:00Z"],
      ["AWS_REGION", "eu-west-1"],
      ["AWS_DEFAULT_REGION", "eu-west-1"],
    ]);
  });

  it("lists only the key pair for long-term keys without a region", () => {
    expect(credentialVariables({ accessKeyId: "AKIA1", secretAccessKey: "s" }, undefined)).toEqual([
      ["AWS_ACCESS_KEY_ID", "AKIA1"],
      ["AWS_SECRET_ACCESS_KEY", "s"],
    ]);
  });

  it("leaves out an empty session token and an empty region", () => {
    expect(credentialVariables({ accessKeyId: "A", secretAccessKey: "s", sessionToken: "" }, "")).toEqual([
      ["AWS_ACCESS_KEY_ID", "A"],
      ["AWS_SECRET_ACCESS_KEY", "s"],
    ]);
  });
});

describe("helperEnv", () => {
  it("keeps the caller's variables but never credentials, the passphrase or unset values", () => {
    expect(
      helperEnv({
        PATH: "/bin",
        EMPTY: "",
        UNSET: undefined,
        AWS_PROFILE: "p",
        AWS_VAULT_FILE_PASSPHRASE: "pw",
        AWS_ACCESS_KEY_ID: "AKIA",
        AWS_SECRET_ACCESS_KEY: "s",
        AWS_SESSION_TOKEN: "t",
        AWS_SECURITY_TOKEN: "t",
      }),
    ).toEqual({ PATH: "/bin", EMPTY: "", AWS_PROFILE: "p" });
  });

  it("leaves no key for an unset variable", () => {
    expect(Object.keys(helperEnv({ UNSET: undefined }))).toEqual([]);
  });
});

describe("commandEnv", () => {
  const parent = {
    PATH: "/bin",
    AWS_PROFILE: "old",
    AWS_DEFAULT_PROFILE: "old",
    AWS_CREDENTIAL_FILE: "/creds",
    AWS_SDK_LOAD_CONFIG: "1",
    AWS_ACCESS_KEY_ID: "AKIAOLD",
    AWS_SESSION_TOKEN: "old-token",
    AWS_VAULT_FILE_PASSPHRASE: "pw",
    AWS_REGION: "us-east-1",
  };

  it("replaces stale selectors and credentials with AWS_VAULT and the new credentials", () => {
    expect(commandEnv(parent, "dev", session, { region: "eu-west-1" })).toEqual({
      PATH: "/bin",
      AWS_VAULT: "dev",
      AWS_ACCESS_KEY_ID: "ASIA1",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_SESSION_TOKEN: "token",
      AWS_CREDENTIAL_EXPIRATION: "2026-01-01T01:00:00Z",
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
    });
  });

  it("drops an inherited session token when handing out long-term keys, and keeps the caller's region", () => {
    expect(commandEnv(parent, "dev", { accessKeyId: "AKIA1", secretAccessKey: "s" }, {})).toEqual({
      PATH: "/bin",
      AWS_VAULT: "dev",
      AWS_ACCESS_KEY_ID: "AKIA1",
      AWS_SECRET_ACCESS_KEY: "s",
      AWS_REGION: "us-east-1",
    });
  });

  it("exports the profile's endpoint_url as AWS_ENDPOINT_URL, over an inherited one", () => {
    const env = commandEnv({ AWS_ENDPOINT_URL: "http://old" }, "dev", session, {
      endpointUrl: "https://vpce",
    });
    expect(env.AWS_ENDPOINT_URL).toBe("https://vpce");
    expect(commandEnv({ AWS_ENDPOINT_URL: "http://old" }, "dev", session, {}).AWS_ENDPOINT_URL).toBe(
      "http://old",
    );
  });
});

describe("serverCommandEnv", () => {
  const stale = {
    PATH: "/bin",
    AWS_ACCESS_KEY_ID: "AKIAOUTER",
    AWS_SECRET_ACCESS_KEY: "outer",
    AWS_SESSION_TOKEN: "outer-token",
    AWS_VAULT_FILE_PASSPHRASE: "pw",
    AWS_PROFILE: "other",
    AWS_DEFAULT_PROFILE: "other",
    AWS_CREDENTIAL_EXPIRATION: "2026-01-01T00:00:00Z",
    AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.2/x",
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/x",
    AWS_CONTAINER_AUTHORIZATION_TOKEN: "tok",
    AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "/t",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_EC2_METADATA_SERVICE_ENDPOINT: "http://169.254.169.254",
    AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "IPv6",
    AWS_REGION: "us-east-1",
  };

  it("gives no keys and no stale endpoint: AWS_VAULT, the region, endpoint_url and the server's variables", () => {
    const server = {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1:1",
      AWS_CONTAINER_AUTHORIZATION_TOKEN: "t",
    };
    expect(
      serverCommandEnv(stale, "dev", { region: "eu-west-1", endpointUrl: "https://vpce" }, server),
    ).toEqual({
      PATH: "/bin",
      AWS_VAULT: "dev",
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
      AWS_ENDPOINT_URL: "https://vpce",
      ...server,
    });
  });

  it("keeps the caller's region when the profile names none", () => {
    const env = serverCommandEnv(stale, "dev", {}, {});
    expect(env).toEqual({ PATH: "/bin", AWS_VAULT: "dev", AWS_REGION: "us-east-1" });
    expect(Object.keys(env)).not.toContain("AWS_ENDPOINT_URL");
  });
});
