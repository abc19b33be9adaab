import { isVaultError } from "@vault-cli/core";
import { describe, expect, it } from "vitest";
import { resolveStsEndpoint } from "../src/index.js";

const profile = "dev";

describe("resolveStsEndpoint", () => {
  it("takes AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, then the profile's endpoint_url", () => {
    const target = { profile, region: "eu-west-1", endpointUrl: "http://profile" };
    const env = { AWS_ENDPOINT_URL_STS: "http://sts", AWS_ENDPOINT_URL: "http://all" };
    expect(resolveStsEndpoint(target, env).endpoint).toBe("http://sts");
    expect(resolveStsEndpoint(target, { AWS_ENDPOINT_URL: "http://all" }).endpoint).toBe("http://all");
    expect(resolveStsEndpoint(target, {}).endpoint).toBe("http://profile");
    expect(resolveStsEndpoint(target, { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }).endpoint).toBe(
      undefined,
    );
  });

  it("without a region is an error naming the profile, unless an endpoint is given (then us-east-1)", () => {
    const error = (() => {
      try {
        return resolveStsEndpoint({ profile }, {});
      } catch (e) {
        return e;
      }
    })();
    expect(isVaultError(error) && [error.code, error.message]).toEqual([
      "REGION_MISSING",
      "profile 'dev' has no region to call STS in",
    ]);
    expect(resolveStsEndpoint({ profile, endpointUrl: "http://x" }, {}).region).toBe("us-east-1");
    expect(resolveStsEndpoint({ profile }, { AWS_REGION: "ap-south-1" }).region).toBe("ap-south-1");
  });

  it("sts_regional_endpoints = legacy uses the global endpoint for the 16 legacy regions only", () => {
    const legacy = (region: string) =>
      resolveStsEndpoint({ profile, region, stsRegionalEndpoints: "legacy" }, {});
    expect(legacy("eu-west-1")).toMatchObject({
      useGlobalEndpoint: true,
      display: "https://sts.amazonaws.com",
    });
    expect(legacy("af-south-1")).toMatchObject({
      useGlobalEndpoint: false,
      display: "https://sts.af-south-1.amazonaws.com",
    });
    expect(resolveStsEndpoint({ profile, region: "eu-west-1" }, {}).useGlobalEndpoint).toBe(false);
  });
});
