import { describe, expect, it } from "vitest";
import {
  decodeSessionCredentials,
  encodeSessionCredentials,
} from "../../src/keystore/session-credentials.js";
import { userAndRole } from "../chain/decision-table-rows.js";
import { M } from "../chain/hop-shape.js";
import { harness } from "./engine-harness.js";

const awsVaultSession = (accessKeyId: string, expiration: string) =>
  encodeSessionCredentials({
    accessKeyId,
    secretAccessKey: "s",
    sessionToken: "t",
    expiration: new Date(expiration),
  });

describe("getCredentials: items shared with aws-vault", () => {
  it("writes aws-vault's key, label and JSON field names, plus a VaultCli object it ignores", async () => {
    const h = harness({ "profile U": { mfa_serial: M } }, { codes: ["1"] });
    await h.get("U");
    const key = "sts.GetSessionToken,VQ,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9u,1767229200";
    const item = h.keystore.items.get(key)!;
    expect(item.label).toBe("aws-vault session for U (expires 2026-01-01T01:00:00Z)");
    expect(item.description).toBe("aws-vault session");
    const json = JSON.parse(item.value);
    expect(Object.keys(json)).toEqual([
      "AccessKeyId",
      "Expiration",
      "SecretAccessKey",
      "SessionToken",
      "VaultCli",
    ]);
    expect(json.VaultCli).toEqual({ Source: "stored:U", MfaSerial: M });
    expect(decodeSessionCredentials(item.value)).toMatchObject({
      accessKeyId: "ASIAFAKE0001",
      expiration: new Date("2026-01-01T01:00:00Z"),
      metadata: { source: "stored:U", mfaSerial: M },
    });
  });

  it("serves aws-vault's own session item (no VaultCli) in a slot aws-vault fills", async () => {
    const h = harness(userAndRole(M, M), {
      extraItems: {
        "sts.GetSessionToken,VQ,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9u,1767250000": awsVaultSession(
          "ASIAAWSVAULT",
          "2026-01-01T06:00:00Z",
        ),
      },
    });
    await h.get("R");
    expect(h.calls()).toEqual(["AssumeRole R R 3600s <- ASIAAWSVAULT"]);
    expect(h.mfaPrompt.prompts).toEqual([]);
  });

  it("does not serve an item without VaultCli in a slot aws-vault never fills (chained role)", async () => {
    const h = harness(userAndRole(M, M), {
      codes: ["1"],
      extraItems: {
        "sts.AssumeRole,Ug,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9u,1767228000": awsVaultSession(
          "ASIAFOREIGN",
          "2026-01-01T00:40:00Z",
        ),
      },
    });
    const credentials = await h.get("R");
    expect(credentials.accessKeyId).toBe("ASIAFAKE0002");
    expect((await h.sessionKeys()).filter((key) => key.startsWith("sts.AssumeRole"))).toEqual([
      "sts.AssumeRole,Ug,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9u,1767229200",
    ]);
  });

  it("removes legacy session keys and expired sessions, and keeps everything else", async () => {
    const h = harness(
      { "profile U": {} },
      {
        extraItems: {
          "session,VQ,,1600000000": "{}",
          "session:U::1600000000": "{}",
          "U session (61633665646639303539)": "{}",
          "sts.AssumeRole,Ug,,1767225000": awsVaultSession("ASIAOLD", "2026-01-01T00:00:00Z"),
          "oidc:https://d-1.awsapps.com/start": "{}",
        },
      },
    );
    await h.get("U");
    expect(await h.keystore.keys()).toEqual([
      "U",
      "oidc:https://d-1.awsapps.com/start",
      "sts.GetSessionToken,VQ,,1767229200",
    ]);
  });

  it("treats an undecodable item as a miss and replaces it", async () => {
    const h = harness(
      { "profile U": {} },
      { extraItems: { "sts.GetSessionToken,VQ,,1767240000": "not json" } },
    );
    await h.get("U");
    expect(h.sts.calls).toHaveLength(1);
    expect(await h.sessionKeys()).toEqual(["sts.GetSessionToken,VQ,,1767229200"]);
  });
});
