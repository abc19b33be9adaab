import type { Iam, IamInput } from "../engine/ports.js";

/** One call as the fake saw it: which key signed it, and which key it deleted. */
export interface IamCall {
  readonly action: "CreateAccessKey" | "DeleteAccessKey";
  readonly profile: string;
  readonly signedBy: string;
  readonly accessKeyId?: string;
}

export interface FakeIam extends Iam {
  readonly calls: readonly IamCall[];
  /** The user's active access key ids, as IAM would list them. */
  readonly active: ReadonlySet<string>;
}

export interface FakeIamOptions {
  /** The key ids the user has to begin with. */
  readonly active: readonly string[];
  /** Return an error to make a call fail; undefined lets it succeed. */
  readonly fail?: (call: IamCall) => Error | undefined;
}

/**
 * An IAM user's access keys: CreateAccessKey issues `AKIANEW0001`, ... (secret `new-secret-1`, ...), refusing a
 * third key as IAM does; DeleteAccessKey removes one. Every call is recorded, failed ones too.
 */
export function fakeIam(options: FakeIamOptions): FakeIam {
  const calls: IamCall[] = [];
  const active = new Set(options.active);
  let issued = 0;
  const record = (call: IamCall) => {
    calls.push(call);
    const error = options.fail?.(call);
    if (error) throw error;
  };
  const signer = (input: IamInput) => input.credentials.accessKeyId;
  return {
    calls,
    active,
    async createAccessKey(input) {
      record({ action: "CreateAccessKey", profile: input.profile, signedBy: signer(input) });
      if (active.size >= 2) throw new Error("LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2");
      issued++;
      const accessKeyId = `AKIANEW${String(issued).padStart(4, "0")}`;
      active.add(accessKeyId);
      return { accessKeyId, secretAccessKey: `new-secret-${issued}` };
    },
    async deleteAccessKey(input) {
      record({
        action: "DeleteAccessKey",
        profile: input.profile,
        signedBy: signer(input),
        accessKeyId: input.accessKeyId,
      });
      if (!active.delete(input.accessKeyId)) throw new Error(`NoSuchEntity: ${input.accessKeyId}`);
    },
  };
}
