import {
  type CallShape,
  type Creds,
  type Signer,
  type SymbolTable,
  withoutUndefined,
} from "@vault-cli/test-support";
import { expect } from "vitest";
import { callerArn, type WireCall } from "./moto-wire.js";
import { type Keys, verify } from "./sigv4.js";

export const ACCOUNT = "123456789012";
/** moto answers every GetSessionToken with these fixed credentials (moto/sts/responses.py). */
export const GST_KEYS: Keys = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
  sessionToken:
    "AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/LTo6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE/IvU1dYUg2RVAJBanLiHb4IgRmpRV3zrkuWJOgQs8IZZaIv2BXIa2R4OlgkBN9bkUDNCJiBeb/AXlzBBko7b15fjrBs2+cTQtpZ3CYWFXG8C5zqx37wnOE49mRl/+OtkIKGO7fAE",
};
/** The role whose session the credential_process fixture prints. */
export const PROCESS_ROLE = "from-process";

/**
 * Whose credentials are whose, in the decision table's words, against moto: the long-term keys of each
 * stored profile's IAM user and moto's GetSessionToken keys are proven by recomputing SigV4 offline (secret
 * and token both), role sessions by the role moto attributes the access key id to (its account checked).
 */
export class MotoIdentities {
  constructor(
    private readonly motoUrl: string,
    private readonly symbols: SymbolTable,
    /** The IAM user keys stored under each stored profile (one user per profile). */
    private readonly users: ReadonlyMap<string, Keys>,
    /** What the credential_process fixture prints. */
    private readonly processKeys: Keys,
  ) {}

  /** A recorded STS call in the table's words. */
  async describe(call: WireCall): Promise<CallShape> {
    const p = call.params;
    return withoutUndefined({
      action: call.action as CallShape["action"],
      role: p.RoleArn && this.symbols.roleName(p.RoleArn),
      durationSeconds: Number(p.DurationSeconds),
      mfa: p.SerialNumber && this.symbols.mfaName(p.SerialNumber),
      signedBy: await this.signer(call),
      // aws-vault's default name is the time in Unix nanoseconds.
      sessionName: p.RoleSessionName && !/^\d{19}$/.test(p.RoleSessionName) ? p.RoleSessionName : undefined,
      webIdentityToken: p.WebIdentityToken,
    });
  }

  /** Who signed `call`: a stored user's or moto's GetSessionToken keys (recomputed), else moto's lookup. */
  async signer(call: WireCall): Promise<Signer> {
    if (!call.accessKeyId) return "unsigned";
    const known: [Signer, Keys][] = [...this.users].map(([profile, keys]) => [`keys:${profile}`, keys]);
    for (const [name, keys] of [...known, ["gst", GST_KEYS]] as [Signer, Keys][]) {
      if (call.accessKeyId !== keys.accessKeyId) continue;
      const verdict = verify(call, keys);
      return verdict === "ok" ? name : (`${name} (${verdict})` as Signer);
    }
    return this.roleOf(call.accessKeyId);
  }

  /** Whose credentials these are; `arn` is what GetCallerIdentity already said for them. */
  async whose(creds: Keys, arn?: string): Promise<Creds> {
    const { accessKeyId, secretAccessKey, sessionToken } = creds;
    const keys = { accessKeyId, secretAccessKey, sessionToken };
    for (const [profile, user] of this.users) {
      if (accessKeyId !== user.accessKeyId) continue;
      expect(keys).toEqual({ ...user, sessionToken: undefined });
      if (arn) expect(arn).toBe(`arn:aws:iam::${ACCOUNT}:user/${profile}`);
      return `keys:${profile}`;
    }
    if (accessKeyId === GST_KEYS.accessKeyId) {
      // GetCallerIdentity cannot tell moto's GetSessionToken keys apart; the secret and token can.
      expect(keys).toEqual(GST_KEYS);
      return "gst";
    }
    if (accessKeyId === this.processKeys.accessKeyId) {
      expect(keys).toEqual(this.processKeys);
      expect(await this.roleOf(accessKeyId, arn)).toBe(`role:${PROCESS_ROLE}`);
      return "process";
    }
    expect(accessKeyId).toMatch(/^ASIA/);
    return this.roleOf(accessKeyId, arn);
  }

  /** The role moto attributes an access key id to, as `role:<name>` (its account checked). */
  private async roleOf(accessKeyId: string, arn?: string): Promise<Creds> {
    const caller = arn ?? (await callerArn(this.motoUrl, { accessKeyId, secretAccessKey: "unused" }));
    const match = /^arn:aws:sts::(\d+):assumed-role\/([^/]+)\//.exec(caller ?? "");
    if (!match) return `role:? (${accessKeyId} is ${caller})`;
    const [, account, name] = match;
    const expected = name === PROCESS_ROLE ? ACCOUNT : this.symbols.accountOf(name!);
    return account === expected ? `role:${name}` : `role:${name} in account ${account}`;
  }
}
