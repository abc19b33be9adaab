import { formatGoDuration } from "../chain/parse-duration.js";
import type { AwsCredentials, Clock, Iam, Sleep, Sts } from "../engine/ports.js";
import { VaultError } from "../errors.js";
import type { Keystore } from "../keystore/keystore.js";
import { maskKey } from "../keystore/mask-key.js";
import { decodeMasterCredentials, encodeMasterCredentials } from "../keystore/master-credentials.js";

/**
 * `rotate`: replace a profile's stored long-term key without ever leaving the user without a working one.
 * The order is the safety: create the new key, prove it works, store it, and only then delete the old one.
 * A failure before the store deletes the new key again (the old one is still stored and active); a failure
 * after it leaves the new key stored and working, and says that the old one is still active.
 */

export interface RotateDeps {
  readonly keystore: Keystore;
  readonly sts: Sts;
  readonly iam: Iam;
  readonly sleep: Sleep;
  readonly clock: Clock;
}

export interface RotateInput {
  /** The profile whose stored keys are replaced. */
  readonly owner: string;
  /** What signs the IAM calls: the old key itself (`--no-session`), or a session made from it (with MFA). */
  readonly signer: AwsCredentials;
  /** Where the calls go (the owner's region and endpoint_url). */
  readonly region?: string;
  readonly endpointUrl?: string;
  /** Each step, as it is done, in words for the user. */
  readonly report: (line: string) => void;
  /** How long a new key may take to work, and the old one to be deleted (IAM is eventually consistent). */
  readonly waitMs?: number;
}

export interface Rotated {
  readonly oldKeyId: string;
  readonly newKeyId: string;
}

/** IAM usually takes a few seconds to let a new key sign calls; aws-vault tells users 10 to 20. */
const DEFAULT_WAIT_MS = 60_000;
const RETRY_EVERY_MS = 2_000;

export async function rotateStoredKey(deps: RotateDeps, input: RotateInput): Promise<Rotated> {
  const { owner, report } = input;
  const where = { profile: owner, region: input.region, endpointUrl: input.endpointUrl };
  const data = await deps.keystore.get(owner);
  if (data === undefined) {
    throw new VaultError("CREDENTIALS_MISSING", `profile '${owner}' has no stored credentials to rotate`, {
      profile: owner,
    });
  }
  const old = decodeMasterCredentials(data, `credentials of '${owner}'`);
  const oldId = maskKey(old.accessKeyId);
  const failed = (step: string, what: string, cause: unknown, state: string) =>
    new VaultError("ROTATE_FAILED", `rotating the key of '${owner}': ${what}: ${reason(cause)}. ${state}`, {
      cause,
      profile: owner,
      data: { step },
    });

  report("Creating a new access key");
  let created: { accessKeyId: string; secretAccessKey: string };
  try {
    created = await deps.iam.createAccessKey({ ...where, credentials: input.signer });
  } catch (error) {
    throw failed(
      "create",
      "IAM did not create a new key",
      error,
      `Nothing changed: ${oldId} is still stored and active.`,
    );
  }
  const fresh: AwsCredentials = {
    accessKeyId: created.accessKeyId,
    secretAccessKey: created.secretAccessKey,
  };
  const newId = maskKey(fresh.accessKeyId);
  report(`Created new access key ${newId}`);

  /** Deletes the new key again, and says in what state that leaves the user. */
  const undo = async (): Promise<string> => {
    try {
      await deps.iam.deleteAccessKey({ ...where, credentials: input.signer, accessKeyId: fresh.accessKeyId });
      return `The new key ${newId} was deleted again; ${oldId} is still stored and active.`;
    } catch (error) {
      return (
        `Deleting the new key ${newId} failed too (${reason(error)}): delete it in IAM (the user's security ` +
        `credentials); ${oldId} is still stored and active.`
      );
    }
  };

  const wait = input.waitMs ?? DEFAULT_WAIT_MS;
  try {
    await retried(deps, wait, () => deps.sts.getCallerIdentity({ ...where, credentials: fresh }));
  } catch (error) {
    const within = formatGoDuration(wait / 1000);
    throw failed(
      "check",
      `the new key ${newId} did not work within ${within} (VAULT_CLI_ROTATE_WAIT)`,
      error,
      await undo(),
    );
  }
  report(`The new key ${newId} works`);

  try {
    await deps.keystore.set(owner, encodeMasterCredentials(fresh));
  } catch (error) {
    throw failed("store", `the new key ${newId} could not be stored`, error, await undo());
  }
  report(`Stored the new key for '${owner}'`);

  report(`Deleting old access key ${oldId}`);
  try {
    await retried(deps, wait, () =>
      deps.iam.deleteAccessKey({ ...where, credentials: input.signer, accessKeyId: old.accessKeyId }),
    ).catch(() =>
      // A session of the old key may be refused once it is gone; the new key can delete it as well.
      deps.iam.deleteAccessKey({ ...where, credentials: fresh, accessKeyId: old.accessKeyId }),
    );
  } catch (error) {
    throw failed(
      "delete",
      `the old key ${oldId} could not be deleted`,
      error,
      `The new key ${newId} is stored and works; ${oldId} is still active: delete it in IAM (the user's security credentials).`,
    );
  }
  report(`Deleted old access key ${oldId}`);
  return { oldKeyId: old.accessKeyId, newKeyId: fresh.accessKeyId };
}

/** `call` until it succeeds, every 2 seconds, for at most `waitMs`; the last failure if it never does. */
async function retried<T>(deps: RotateDeps, waitMs: number, call: () => Promise<T>): Promise<T> {
  const deadline = deps.clock().getTime() + waitMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (deps.clock().getTime() + RETRY_EVERY_MS > deadline) throw error;
      await deps.sleep(RETRY_EVERY_MS);
    }
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
