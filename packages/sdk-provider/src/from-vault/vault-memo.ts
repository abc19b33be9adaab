import { createHash } from "node:crypto";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import type { Clock, Env } from "@vault-cli/core";
import { configFilePath } from "../node/config-file-path.js";
import type { FromVaultOptions } from "./from-vault-options.js";
import { openVaultSession, type VaultSession } from "./vault-session.js";

/** Identity with the expiration fromVault always sets. */
export type VaultIdentity = AwsCredentialIdentity & { readonly expiration: Date };

/** What every provider for one (profile, config file, keystore, env) shares in this process. */
export interface VaultMemo {
  current?: VaultIdentity;
  inFlight?: Promise<VaultIdentity>;
  session?: Promise<VaultSession>;
  mfaCodeProvider?: FromVaultOptions["mfaCodeProvider"];
}

/** One provider's request: who asks, and how much life the credentials it gets must have left. */
export interface ProvideRequest {
  readonly profile: string;
  readonly options: FromVaultOptions;
  readonly env: Env;
  readonly refreshWindowSeconds: number;
  readonly clock: Clock;
}

const memos = new Map<string, VaultMemo>();
const keystoreIds = new WeakMap<object, number>();
let nextKeystoreId = 1;
/** Left out of memo keys, which then hold no secret. */
const SECRET_ENV = new Set(["AWS_VAULT_FILE_PASSPHRASE", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);

/** Variables that choose the keystore or the credentials: AWS_*, pass/passage stores, XDG dirs, GnuPG home. */
const KEYED_ENV = /^(AWS_|PASSWORD_STORE_|PASSAGE_|XDG_|GNUPGHOME$)/;

function digest(secret: string): string {
  return createHash("sha256").update(`vault-cli memo\0${secret}`).digest("base64url");
}

/** The memo shared by every fromVault() with the same profile, config file, keystore, options and AWS_* env. */
export function memoFor(profile: string, options: FromVaultOptions, env: Env): VaultMemo {
  const key = JSON.stringify([
    profile,
    options.configFile ?? configFilePath(env),
    options.backend ?? "",
    options.keystore ? keystoreId(options.keystore) : 0,
    options.region ?? "",
    options.durationSeconds ?? 0,
    env.HOME ?? "",
    Object.entries(env)
      .filter(([name]) => KEYED_ENV.test(name) && !SECRET_ENV.has(name))
      .sort(([a], [b]) => (a < b ? -1 : 1)),
    // A different passphrase must not share a memo (and its opened keystore); only a digest is kept.
    env.AWS_VAULT_FILE_PASSPHRASE === undefined ? "" : digest(env.AWS_VAULT_FILE_PASSPHRASE),
  ]);
  let memo = memos.get(key);
  if (!memo) {
    memo = {};
    memos.set(key, memo);
  }
  // Providers sharing a memo share one MFA session, so they share the code provider given last.
  if (options.mfaCodeProvider) memo.mfaCodeProvider = options.mfaCodeProvider;
  return memo;
}

/**
 * The memo's credentials while they have more than the refresh window left; otherwise one refresh that
 * concurrent callers share (the engine reads the keystore cache first, under the cross-process lock on a miss).
 */
export function provide(memo: VaultMemo, request: ProvideRequest): Promise<VaultIdentity> {
  const { current } = memo;
  const windowMs = request.refreshWindowSeconds * 1000;
  if (current && current.expiration.getTime() - request.clock().getTime() > windowMs) {
    return Promise.resolve(current);
  }
  memo.inFlight ??= refresh(memo, request).finally(() => {
    memo.inFlight = undefined;
  });
  return memo.inFlight;
}

async function refresh(memo: VaultMemo, request: ProvideRequest): Promise<VaultIdentity> {
  memo.session ??= openVaultSession({
    ...request,
    mfaCodeProvider: () => memo.mfaCodeProvider,
  }).catch((error: unknown) => {
    memo.session = undefined; // a keystore that could not open is opened again on the next call
    throw error;
  });
  const credentials = await (await memo.session).resolve(request.refreshWindowSeconds);
  const identity: VaultIdentity = {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    // Long-term keys (a credential_process may print them) never expire: look again in an hour.
    expiration: credentials.expiration ?? new Date(request.clock().getTime() + 3_600_000),
  };
  memo.current = identity;
  return identity;
}

function keystoreId(keystore: object): number {
  let id = keystoreIds.get(keystore);
  if (id === undefined) {
    id = nextKeystoreId++;
    keystoreIds.set(keystore, id);
  }
  return id;
}
