import type { AwsCredentialIdentity } from "@aws-sdk/types";
import type { Clock, Env } from "@vault-cli/core";
import { configFilePath } from "../node/aws-config-file.js";
import { stderrSsoLogin } from "../sso/sso-login-prompt.js";
import { createVault, noMfaPrompt, type Vault } from "../vault/create-vault.js";
import { stderrTrace } from "../vault/trace.js";
import type { FromVaultOptions } from "./from-vault-options.js";

/** Identity with the expiration fromVault always sets. */
type VaultIdentity = AwsCredentialIdentity & { readonly expiration: Date };

/** What every provider for one (profile, config file, keystore, env) shares in this process. */
interface VaultMemo {
  current?: VaultIdentity;
  inFlight?: Promise<VaultIdentity>;
  vault?: Vault;
  mfaCodeProvider?: FromVaultOptions["mfaCodeProvider"];
  ssoLogin?: FromVaultOptions["ssoLogin"];
}

/** One provider's request: who asks, and how much life the credentials it gets must have left. */
interface ProvideRequest {
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

/**
 * Variables that choose the keystore, the credentials or how the vault behaves: AWS_*, pass/passage stores, XDG
 * dirs, GnuPG home, VAULT_CLI_* (VAULT_CLI_DEBUG, VAULT_CLI_FILE_ITERATIONS).
 */
const KEYED_ENV = /^(AWS_|PASSWORD_STORE_|PASSAGE_|XDG_|GNUPGHOME$|VAULT_CLI_)/;

function digest(secret: string): string {
  return process
    .getBuiltinModule("node:crypto")
    .createHash("sha256")
    .update(`vault-cli memo\0${secret}`)
    .digest("base64url");
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
  if (options.ssoLogin) memo.ssoLogin = options.ssoLogin;
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
  const { profile, options } = request;
  memo.vault ??= openVault(memo, request);
  const { credentials } = await memo.vault.credentials({
    profile,
    consumer: "sdk",
    refreshWindowSeconds: request.refreshWindowSeconds,
    ...(options.region ? { region: options.region } : {}),
    ...(options.durationSeconds ? { handedOutDurationSeconds: options.durationSeconds } : {}),
  });
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

/** One vault per memo, for the process's life: one keystore, one engine (the in-process single flight). */
function openVault(memo: VaultMemo, { options, env, clock }: ProvideRequest): Vault {
  return createVault({
    env,
    clock,
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.keystore ? { keystore: options.keystore } : {}),
    ...(options.promptPassphrase ? { promptPassphrase: options.promptPassphrase } : {}),
    // Read at each prompt: the memo's current mfaCodeProvider; without one, the vault's MFA_REQUIRED.
    mfaPrompt: (request) => memo.mfaCodeProvider?.(request.mfaSerial) ?? noMfaPrompt(request),
    ssoLogin: (signIn) => {
      if (!memo.ssoLogin) return stderrSsoLogin(signIn);
      memo.ssoLogin(signIn);
      return undefined;
    },
    ...(env.VAULT_CLI_DEBUG === "1" ? { trace: stderrTrace((text) => void process.stderr.write(text)) } : {}),
    warn: (message) => process.emitWarning(message, "VaultCliWarning"),
  });
}

function keystoreId(keystore: object): number {
  let id = keystoreIds.get(keystore);
  if (id === undefined) {
    id = nextKeystoreId++;
    keystoreIds.set(keystore, id);
  }
  return id;
}
