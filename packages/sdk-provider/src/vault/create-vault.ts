import { homedir } from "node:os";
import {
  type AwsConfig,
  type AwsCredentials,
  type Clock,
  type CommandTarget,
  type CredentialPlan,
  classifyKeys,
  commandEnv,
  consoleEndpoints,
  consoleLoginUrl,
  consolePlan,
  createEngine,
  decodeSsoTokenItem,
  type Engine,
  type Env,
  FEDERATION_POLICY,
  federatedUserName,
  federationDurationSeconds,
  type Iam,
  isVaultError,
  type Keystore,
  type Lock,
  type MfaPrompt,
  type MigrateEvent,
  type MigrateResult,
  maskKey,
  migrateKeys,
  OIDC_TOKEN_KEY_PREFIX,
  planCredentials,
  type ReadTextFile,
  type Rotated,
  type RunProcess,
  removeSessionsOf,
  rotateStoredKey,
  type Sleep,
  type Sso,
  type SsoLoginPrompt,
  type StoredKeys,
  type StoredSsoToken,
  type Sts,
  servedRoleInput,
  type Trace,
  VaultError,
} from "@vault-cli/core";
import {
  type DefaultBackend,
  explicitBackend,
  type FileKeyMaterial,
  type OpenKeystoreOptions,
  openKeystore,
  unlockFileKeystore,
} from "@vault-cli/keystores";
import { lazyIam } from "../iam/lazy-iam.js";
import { awsCliTokenCache } from "../node/aws-cli-token-cache.js";
import { configFilePath, readConfigFile } from "../node/aws-config-file.js";
import { defaultLockDir, fileLock } from "../node/file-lock.js";
import { readTextFile } from "../node/read-text-file.js";
import { shellRunProcess } from "../node/shell-process.js";
import { fetchSigninToken } from "../node/signin-token.js";
import { lazySso } from "../sso/lazy-sso.js";
import { stderrSsoLogin } from "../sso/sso-login-prompt.js";
import { lazySts } from "../sts/lazy-sts.js";
import { describePlan } from "./describe-plan.js";
import { limitsFromEnv } from "./limits.js";
import { type Consumer, minTtlSeconds } from "./min-ttl.js";

/** What opening a vault makes once: the keystore, and the engine with its SSO client. */
interface Wired {
  readonly keystore: Keystore;
  readonly engine: Engine;
  readonly sso: Sso;
  readonly sts: Sts;
  readonly iam: Iam;
  readonly sleep: Sleep;
}

/** What a vault is made of. Only `env` is required; everything else has the real Node default. */
export interface VaultDeps {
  /** The caller's environment: config, endpoints, TTLs, and what the processes the vault starts inherit. */
  readonly env: Env;
  /**
   * Variables that win over `env` when choosing and opening the keystore only (the CLI's --file-dir, --pass-*,
   * --keyctl-scope); processes the vault starts never see them, as aws-vault never exports flag values.
   */
  readonly keystoreEnv?: Env;
  readonly homeDir?: string;
  readonly platform?: NodeJS.Platform;
  /** Default AWS_CONFIG_FILE, else ~/.aws/config. */
  readonly configFile?: string;
  /** `--backend`; default AWS_VAULT_BACKEND, else the platform's (defaultBackend). */
  readonly backend?: string;
  /** Told which backend the platform default chose and why (the CLI's one-line notice). */
  readonly onDefaultBackend?: (choice: DefaultBackend) => void;
  /** A keystore object to use instead of opening one (a custom backend, a test's memory keystore). */
  readonly keystore?: Keystore;
  readonly openKeystore?: (options: OpenKeystoreOptions) => Promise<Keystore>;
  /** The file backend's passphrase when AWS_VAULT_FILE_PASSPHRASE is unset (and no agent or command gives it). */
  readonly promptPassphrase?: (dir: string) => Promise<string>;
  /** Asked for MFA codes; default: none can be asked (MFA_REQUIRED). */
  readonly mfaPrompt?: MfaPrompt;
  readonly clock?: Clock;
  readonly sts?: Sts;
  readonly sso?: Sso;
  /** `rotate`'s IAM calls; default the SDK's (@aws-sdk/client-iam, an optional peer dependency). */
  readonly iam?: Iam;
  /** Shows an SSO sign-in (page and code); default: a few lines on stderr. */
  readonly ssoLogin?: SsoLoginPrompt;
  readonly sleep?: Sleep;
  readonly lock?: Lock;
  readonly runProcess?: RunProcess;
  readonly readTextFile?: ReadTextFile;
  /** `--debug`: what the vault does, step by step (never a secret). */
  readonly trace?: Trace;
  /** Something the user should know that does not stop the call (a damaged cache item, replaced). */
  readonly warn?: (message: string) => void;
}

/** What planning takes besides the profile: the command line's choices. */
export interface PlanRequest {
  readonly profile: string;
  /** `--duration`: every session of the chain, as aws-vault applies it. */
  readonly durationSeconds?: number;
  /** fromVault's durationSeconds: the credentials handed out only; the MFA session keeps its lifetime. */
  readonly handedOutDurationSeconds?: number;
  readonly noSession?: boolean;
  readonly region?: string;
}

export interface CredentialRequest extends PlanRequest {
  readonly consumer: Consumer;
  readonly mfaToken?: string;
  /** The `sdk` consumer's refresh window (fromVault's refreshWindowSeconds). */
  readonly refreshWindowSeconds?: number;
}

/** `rotate`'s request: the profile whose stored keys are replaced (or whose source's are). */
export interface RotateRequest {
  readonly profile: string;
  /** Sign the IAM calls with the old key itself, not a session made from it with MFA. */
  readonly noSession?: boolean;
  readonly mfaToken?: string;
}

export interface RotateResult extends Rotated {
  /** The profile whose stored keys were replaced. */
  readonly owner: string;
  readonly sessionsRemoved: number;
}

/** `login`'s request: the profile, and the console page and session length. */
export interface ConsoleRequest extends PlanRequest {
  readonly mfaToken?: string;
  /** `--path`: the console page to open, e.g. `s3/home`. */
  readonly path?: string;
}

export interface VaultCredentials {
  readonly credentials: AwsCredentials;
  readonly plan: CredentialPlan;
}

/**
 * The one orchestration every adapter calls (the CLI's commands, fromVault, later the servers): config,
 * keystore, plan, engine, the floor each consumer needs, and the environment of the commands it starts.
 */
export interface Vault {
  readonly configFile: string;
  /** The backend keystore() opens (`default` until the platform default has been chosen). */
  readonly backend: string;
  /** Reads and parses the config file (again at each call: a long-running host sees edits). */
  readConfig(): AwsConfig;
  /** The keystore, opened once (a failed open is tried again on the next call). */
  keystore(): Promise<Keystore>;
  /** One listing of the keystore, sorted by kind. */
  listKeys(): Promise<StoredKeys>;
  /** Plans `request` against `config`, with `storedProfiles` holding long-term keys. */
  plan(config: AwsConfig, request: PlanRequest, storedProfiles: ReadonlySet<string>): CredentialPlan;
  /** Config → one listing → plan → engine, with the consumer's floor. Only a cache miss loads the AWS SDK. */
  credentials(request: CredentialRequest): Promise<VaultCredentials>;
  /**
   * Signs out of IAM Identity Center with the token item `tokenKey` (`oidc:<start url>`): the portal's Logout,
   * which ends its refresh token too. False when there is no usable item or no region is known for it.
   */
  ssoLogout(tokenKey: string): Promise<boolean>;
  /**
   * The ECS server's `/role-arn/<arn>` route: AssumeRole of `roleArn` with credentials served for `plan`
   * (servedRoleInput). Not cached in the keystore: the server holds what it serves.
   */
  assumeRoleWith(plan: CredentialPlan, roleArn: string, credentials: AwsCredentials): Promise<AwsCredentials>;
  /**
   * `login`: a URL that signs a browser in to the AWS console as `request.profile` (consolePlan; long-term
   * keys become a federated user named after the IAM user). The URL holds a sign-in token: never log it.
   */
  consoleUrl(request: ConsoleRequest): Promise<string>;
  /**
   * `rotate`: replaces the stored long-term key that `request.profile`'s credentials come from (rotateStoredKey:
   * create, prove, store, then delete the old one), then removes the sessions of the profile's chain. The IAM
   * calls are signed by one session made once (MFA asked at most once), or with --no-session by the old key.
   */
  rotate(request: RotateRequest, report: (line: string) => void): Promise<RotateResult>;
  /**
   * `vault-cli agent`: the file backend's passphrase asked once (never from an agent), checked, and turned into
   * the keys an agent holds (docs/agent.md). The passphrase itself is not kept.
   */
  unlockFileKeystore(): Promise<FileKeyMaterial>;
  /** The environment of a command run with these credentials (exec's child). */
  commandEnv(profile: string, credentials: AwsCredentials, plan: CommandTarget): Record<string, string>;
  /**
   * `migrate`: copies every long-term key from the backend `from` to `to` and verifies each copy
   * (migrateKeys); with deleteSource the originals go only after that. Both keystores are opened with the
   * same environment and keystore flags.
   */
  migrate(request: MigrateRequest, report: (event: MigrateEvent) => void): Promise<MigrateResult>;
}

export interface MigrateRequest {
  readonly from: string;
  readonly to: string;
  readonly deleteSource?: boolean;
}

export function createVault(deps: VaultDeps): Vault {
  const { env, trace } = deps;
  const clock = deps.clock ?? (() => new Date());
  const configFile = deps.configFile ?? configFilePath(env, deps.homeDir);
  let backend =
    deps.keystore?.name ?? explicitBackend({ backend: deps.backend, env: keystoreEnvOf(deps) }) ?? "default";
  let opened: Promise<Wired> | undefined;

  const open = () => {
    opened ??= openWired(deps, clock, (name) => {
      backend = name;
    }).catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };

  const vault: Vault = {
    configFile,
    get backend() {
      return backend;
    },
    readConfig() {
      const config = readConfigFile(configFile);
      trace?.(`config: ${configFile}: ${config.profiles.size} profiles, ${config.warnings.length} warnings`);
      return config;
    },
    async keystore() {
      return (await open()).keystore;
    },
    async listKeys() {
      const stored = classifyKeys(await (await open()).keystore.keys());
      trace?.(
        `keystore: ${backend}: ${stored.credentials.length} credentials, ${stored.sessions.length} sessions, ` +
          `${stored.oidcTokens.length} SSO tokens`,
      );
      return stored;
    },
    plan(config, request, storedProfiles) {
      const handedOut = request.handedOutDurationSeconds;
      if (handedOut !== undefined && !(handedOut >= 900)) {
        throw new VaultError(
          "CONFIG_INVALID_SETTING",
          `durationSeconds ${handedOut} for profile '${request.profile}': AWS allows sessions of at least 900 seconds`,
          { profile: request.profile },
        );
      }
      const plan = planCredentials(config, request.profile, {
        env: planEnv(env, request.handedOutDurationSeconds),
        ...(request.region ? { region: request.region } : {}),
        ...(request.durationSeconds ? { durationSeconds: request.durationSeconds } : {}),
        noSession: request.noSession === true,
        storedProfiles,
      });
      trace?.(`plan: ${describePlan(plan)}`);
      return plan;
    },
    async credentials(request) {
      const config = vault.readConfig();
      const { engine } = await open();
      const stored = await vault.listKeys();
      const plan = vault.plan(config, request, new Set(stored.credentials));
      const floor = minTtlSeconds(request.consumer, env, request.refreshWindowSeconds);
      trace?.(`ttl: ${request.consumer} credentials must have ${floor}s left`);
      const credentials = await engine.getCredentials(plan, {
        minTtlSeconds: floor,
        listing: stored.all,
        ...(request.mfaToken ? { mfaToken: request.mfaToken } : {}),
      });
      const expires = credentials.expiration
        ? `expires ${credentials.expiration.toISOString()}`
        : "no expiry";
      trace?.(`credentials: ${maskKey(credentials.accessKeyId)} for '${request.profile}', ${expires}`);
      return { credentials, plan };
    },
    async ssoLogout(tokenKey) {
      const { keystore, sso } = await open();
      const data = await keystore.get(tokenKey);
      if (data === undefined) return false;
      let token: StoredSsoToken;
      try {
        token = decodeSsoTokenItem(data, `SSO token item '${tokenKey}'`);
      } catch {
        return false;
      }
      const startUrl = tokenKey.slice(OIDC_TOKEN_KEY_PREFIX.length);
      if (token.region === undefined) {
        deps.warn?.(`the SSO token of ${startUrl} names no region (aws-vault wrote it): not signed out`);
        return false;
      }
      try {
        await sso.logout({ profile: startUrl, region: token.region }, token.accessToken);
      } catch (error) {
        // A token the portal no longer accepts has nothing left to sign out of.
        if (!isVaultError(error) || error.code !== "SSO_UNAUTHORIZED") throw error;
      }
      trace?.(`sso: signed out of ${startUrl}`);
      return true;
    },
    async assumeRoleWith(plan, roleArn, credentials) {
      const { sts } = await open();
      const served = await sts.assumeRole(servedRoleInput(plan, roleArn, credentials, clock));
      trace?.(`credentials: ${maskKey(served.accessKeyId)} for role ${roleArn} with '${plan.target}'`);
      return served;
    },
    async consoleUrl(request) {
      const config = vault.readConfig();
      const { engine, sts } = await open();
      const stored = await vault.listKeys();
      const plan = consolePlan(vault.plan(config, request, new Set(stored.credentials)));
      let credentials = await engine.getCredentials(plan, {
        minTtlSeconds: minTtlSeconds("exec", env),
        listing: stored.all,
        ...(request.mfaToken ? { mfaToken: request.mfaToken } : {}),
      });
      const last = plan.hops.at(-1) ?? plan.hops[0];
      const target = {
        profile: request.profile,
        region: plan.region ?? last.region,
        endpointUrl: last.endpointUrl,
        stsRegionalEndpoints: last.stsRegionalEndpoints,
      };
      if (!credentials.sessionToken) {
        const identity = await sts.getCallerIdentity({ ...target, credentials });
        credentials = await sts.getFederationToken({
          ...target,
          credentials,
          name: federatedUserName(identity.arn),
          durationSeconds: federationDurationSeconds(env, request.durationSeconds),
          policy: FEDERATION_POLICY,
        });
      }
      const endpoints = consoleEndpoints(
        request.region ?? plan.region,
        request.path,
        env.VAULT_CLI_FEDERATION_ENDPOINT || undefined,
      );
      trace?.(`login: sign-in token from ${endpoints.federation} for ${maskKey(credentials.accessKeyId)}`);
      const token = await fetchSigninToken(
        endpoints.federation,
        credentials,
        limitsFromEnv(env).stsTimeoutMs,
      );
      return consoleLoginUrl(endpoints, token);
    },
    async migrate(request, report) {
      if (request.from === request.to) {
        throw new VaultError("USAGE", `--from and --to name the same keystore backend '${request.from}'`);
      }
      const runProcess = helperRunner(deps, limitsFromEnv(env));
      const openBackend = (name: string) =>
        (deps.openKeystore ?? openKeystore)({ ...keystoreOptions(deps, runProcess), backend: name });
      const from = await openBackend(request.from);
      const to = await openBackend(request.to);
      return migrateKeys(from, to, { deleteSource: request.deleteSource === true, report });
    },
    async rotate(request, report) {
      const config = vault.readConfig();
      const wired = await open();
      const stored = await vault.listKeys();
      const storedSet = new Set(stored.credentials);
      const plan = vault.plan(config, { profile: request.profile }, storedSet);
      const [source] = plan.hops;
      if (source.kind !== "stored") {
        throw new VaultError(
          "CREDENTIALS_MISSING",
          `profile '${request.profile}' gets its credentials from ${source.kind}, not stored long-term keys: nothing to rotate`,
          { profile: request.profile, data: { backend } },
        );
      }
      const owner = source.profile;
      const ownerPlan = signingPlan(
        vault.plan(config, { profile: owner, noSession: request.noSession }, storedSet),
      );
      const how = ownerPlan.hops.length > 1 ? "a new session made with MFA" : "the key itself";
      report(`Rotating the key stored for '${owner}', signing with ${how}`);
      const signer = await wired.engine.getCredentials(ownerPlan, {
        noCache: true,
        minTtlSeconds: 0,
        ...(request.mfaToken ? { mfaToken: request.mfaToken } : {}),
      });
      const rotated = await rotateStoredKey(
        { ...wired, clock },
        {
          owner,
          signer,
          region: ownerPlan.region ?? source.region,
          ...(source.endpointUrl ? { endpointUrl: source.endpointUrl } : {}),
          report,
          waitMs: limitsFromEnv(env).rotateWaitMs,
        },
      );
      // Sessions made from the old key (aws-vault clears those of the profile's chain).
      const after = await vault.listKeys();
      let sessionsRemoved = 0;
      for (const profile of new Set(plan.hops.map((hop) => hop.profile))) {
        sessionsRemoved += await removeSessionsOf(wired.keystore, after, profile);
      }
      report(`Deleted ${sessionsRemoved} sessions`);
      return { ...rotated, owner, sessionsRemoved };
    },
    unlockFileKeystore: () =>
      unlockFileKeystore(keystoreOptions(deps, helperRunner(deps, limitsFromEnv(env)))),
    commandEnv: (profile, credentials, plan) => commandEnv(env, profile, credentials, plan),
  };
  return vault;
}

/** What the keystore is chosen and opened with: the environment with the caller's keystore overrides. */
function keystoreEnvOf(deps: VaultDeps): Env {
  return deps.keystoreEnv ? { ...deps.env, ...deps.keystoreEnv } : deps.env;
}

/** What the keystore is opened (or the file backend unlocked) with, the same for every command. */
function keystoreOptions(deps: VaultDeps, runProcess: RunProcess): OpenKeystoreOptions {
  return {
    env: keystoreEnvOf(deps),
    ...(deps.backend ? { backend: deps.backend } : {}),
    ...(deps.homeDir ? { homeDir: deps.homeDir } : {}),
    ...(deps.platform ? { platform: deps.platform } : {}),
    ...(deps.promptPassphrase ? { promptPassphrase: deps.promptPassphrase } : {}),
    // The passphrase command sees the caller's environment, not the keystore flags (as every helper).
    runProcess: (command) => runProcess(command, { env: deps.env }),
  };
}

/** The helpers' runner (mfa_process, credential_process, the passphrase command), with their limits. */
function helperRunner(deps: VaultDeps, limits: ReturnType<typeof limitsFromEnv>): RunProcess {
  return (
    deps.runProcess ??
    shellRunProcess({ timeoutMs: limits.processTimeoutMs, maxOutputBytes: limits.processOutputBytes })
  );
}

async function openWired(deps: VaultDeps, clock: Clock, opened: (backend: string) => void): Promise<Wired> {
  const { env, trace } = deps;
  const limits = limitsFromEnv(env);
  const runProcess = helperRunner(deps, limits);
  const keystore =
    deps.keystore ??
    (await (deps.openKeystore ?? openKeystore)({
      ...keystoreOptions(deps, runProcess),
      ...(deps.onDefaultBackend ? { onDefault: deps.onDefaultBackend } : {}),
    }));
  opened(keystore.name);
  const sso = deps.sso ?? lazySso({ env, trace, clock });
  const sts = deps.sts ?? lazySts({ env, trace });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const engine = createEngine({
    keystore,
    sts,
    sso,
    ssoLogin: deps.ssoLogin ?? stderrSsoLogin,
    // node:http costs every start ~2.5 ms: loaded only for an authorization-code sign-in.
    listenForAuthorization: async () =>
      (await import("../node/authorization-listener.js")).listenForAuthorization(),
    awsCliTokens: awsCliTokenCache(deps.homeDir ?? env.HOME ?? homedir()),
    sleep,
    clock,
    mfaPrompt: deps.mfaPrompt ?? noMfaPrompt,
    lock: deps.lock ?? fileLock({ trace, timeoutMs: limits.lockTimeoutMs, dir: defaultLockDir() }),
    runProcess,
    readTextFile: deps.readTextFile ?? readTextFile(limits.processOutputBytes),
    env,
    ...(trace ? { trace } : {}),
    ...(deps.warn ? { warn: deps.warn } : {}),
  });
  return { keystore, engine, sso, sts, iam: deps.iam ?? lazyIam({ env, trace }), sleep };
}

/** The MfaPrompt of a vault that cannot ask anyone: MFA_REQUIRED, naming the device. */
export const noMfaPrompt: MfaPrompt = async ({ profile, mfaSerial }) => {
  throw new VaultError("MFA_REQUIRED", `profile '${profile}' needs an MFA code for '${mfaSerial}'`, {
    profile,
    data: { mfaSerial },
  });
};

/**
 * The plan whose credentials sign `rotate`'s IAM calls: the owner's keys, or a session of them when it is made
 * with MFA. IAM refuses GetSessionToken credentials made without MFA, so such a session is left out.
 */
function signingPlan(plan: CredentialPlan): CredentialPlan {
  const [source, ...steps] = plan.hops;
  const last = steps.at(-1);
  if (last?.kind === "GetSessionToken" && last.mfa.kind === "none") return { ...plan, hops: [source] };
  return plan;
}

/** handedOutDurationSeconds sets the lifetime of what is handed out, never the shared MFA session's. */
function planEnv(env: Env, seconds: number | undefined): Env {
  if (seconds === undefined) return env;
  return { ...env, AWS_ASSUME_ROLE_TTL: `${seconds}s`, AWS_SESSION_TOKEN_TTL: `${seconds}s` };
}
