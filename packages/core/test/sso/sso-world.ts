import type { SsoHop } from "../../src/chain/types.js";
import type { EngineDeps } from "../../src/engine/engine-types.js";
import type {
  AuthorizationListener,
  LockRequest,
  Sso,
  SsoClient,
  SsoSignIn,
  SsoTarget,
} from "../../src/engine/ports.js";
import { VaultError } from "../../src/errors.js";
import { encodeSsoTokenItem, type StoredSsoToken } from "../../src/sso/sso-token-formats.js";
import { fakeClock } from "../../src/testing/fake-clock.js";
import { fakeRunProcess } from "../../src/testing/fake-run-process.js";
import { type FakeSsoOptions, fakeSso } from "../../src/testing/fake-sso.js";
import { fakeSts } from "../../src/testing/fake-sts.js";
import { memoryKeystore } from "../../src/testing/memory-keystore.js";
import { memoryLock } from "../../src/testing/memory-lock.js";
import { scriptedMfa } from "../../src/testing/scripted-mfa.js";

export const START = "2026-01-01T00:00:00Z";
export const START_URL = "https://corp.awsapps.com/start";
export const TOKEN_KEY = `oidc:${START_URL}`;
const SCOPES: readonly string[] = ["sso:account:access"];
const DAY_S = 86_400;

/** The hop of profile `dev` (sso-session `corp`), as planCredentials builds it. */
export function ssoHop(overrides: Partial<SsoHop> = {}): SsoHop {
  return {
    kind: "SsoRoleCredentials",
    profile: "dev",
    notes: [],
    ssoStartUrl: START_URL,
    ssoRegion: "eu-central-1",
    ssoAccountId: "111111111111",
    ssoRoleName: "Dev",
    ssoSession: "corp",
    ssoRegistrationScopes: SCOPES,
    tokenKey: TOKEN_KEY,
    cache: {
      type: "sso.GetRoleCredentials",
      profile: "dev",
      serial: START_URL,
      keyPrefix: "sso.GetRoleCredentials,ZGV2,,",
      sharedWithAwsVault: true,
    },
    ...overrides,
  };
}

/** One request that reached IAM Identity Center, with what it was sent. */
interface SsoRequest {
  readonly api:
    | "RegisterClient"
    | "StartDeviceAuthorization"
    | "Authorize"
    | "CreateToken"
    | "GetRoleCredentials";
  readonly target: SsoTarget;
  readonly clientId?: string;
  readonly input?: unknown;
}

type Optional = "ssoLogin" | "listenForAuthorization" | "awsCliTokens" | "warn";

export interface WorldOptions {
  readonly sso?: Omit<FakeSsoOptions, "clock">;
  readonly env?: Readonly<Record<string, string>>;
  /** Files of the AWS CLI's token cache, by the name it hashes. */
  readonly awsCliFiles?: Readonly<Record<string, string>>;
  /** Dependencies the vault does not have. */
  readonly without?: readonly Optional[];
}

/**
 * The fake IAM Identity Center behind a recorder, and the engine's other dependencies: what the service
 * answers can be replaced method by method (`service`), every request is in `requests`.
 */
export function ssoWorld(options: WorldOptions = {}) {
  const clock = fakeClock(START);
  const fake = fakeSso({ clock, ...options.sso });
  const service: Sso = { ...fake };
  const requests: SsoRequest[] = [];
  const sso: Sso = {
    registerClient: (target, input) => {
      requests.push({ api: "RegisterClient", target, input });
      return service.registerClient(target, input);
    },
    startDeviceAuthorization: (target, client, startUrl) => {
      requests.push({ api: "StartDeviceAuthorization", target, clientId: client.clientId, input: startUrl });
      return service.startDeviceAuthorization(target, client, startUrl);
    },
    createToken: (target, client, grant) => {
      requests.push({ api: "CreateToken", target, clientId: client.clientId, input: grant });
      return service.createToken(target, client, grant);
    },
    authorizeUrl: (target, client, request) => {
      requests.push({ api: "Authorize", target, clientId: client.clientId, input: request });
      return service.authorizeUrl(target, client, request);
    },
    getRoleCredentials: (target, input) => {
      requests.push({ api: "GetRoleCredentials", target, input });
      return service.getRoleCredentials(target, input);
    },
    logout: (target, accessToken) => service.logout(target, accessToken),
  };

  const keystore = memoryKeystore();
  const signIns: SsoSignIn[] = [];
  let dismissed = 0;
  let closed = 0;
  const lockRequests: LockRequest[] = [];
  const inLock: (() => Promise<void>)[] = [];
  const lock = memoryLock();
  const awsCliFiles: Record<string, string> = { ...options.awsCliFiles };
  const awsCliWrites: string[] = [];
  const warnings: string[] = [];
  const without = new Set(options.without ?? []);
  let listen = async (): Promise<AuthorizationListener> => fake.listen();

  const deps: EngineDeps = {
    keystore,
    sts: fakeSts({ clock }),
    sso,
    sleep: fake.sleep,
    clock,
    mfaPrompt: scriptedMfa([]),
    lock: (request, fn) => {
      lockRequests.push(request);
      return lock(request, async () => {
        // Another process's work, done while this one waited for the lock.
        for (const step of inLock.splice(0)) await step();
        return fn();
      });
    },
    runProcess: fakeRunProcess({}),
    readTextFile: async (path) => {
      throw new VaultError("PROCESS_FAILED", `unable to read file at ${path}`);
    },
    env: { HOME: "/home/test", ...options.env },
    ...(without.has("ssoLogin")
      ? {}
      : {
          ssoLogin: (signIn: SsoSignIn) => {
            signIns.push(signIn);
            fake.prompt(signIn);
            return () => {
              dismissed += 1;
            };
          },
        }),
    ...(without.has("listenForAuthorization")
      ? {}
      : {
          listenForAuthorization: async () => {
            const listener = await listen();
            return {
              ...listener,
              code: (timeoutMs: number) => listener.code(timeoutMs),
              close: () => {
                closed += 1;
                listener.close();
              },
            };
          },
        }),
    ...(without.has("awsCliTokens")
      ? {}
      : {
          awsCliTokens: {
            read: async (name: string) => awsCliFiles[name],
            write: async (name: string, text: string) => {
              awsCliWrites.push(name);
              awsCliFiles[name] = text;
            },
          },
        }),
    ...(without.has("warn") ? {} : { warn: (message: string) => warnings.push(message) }),
  };

  return {
    clock,
    fake,
    /** What the service answers; replace a method to script an answer. */
    service,
    requests,
    keystore,
    signIns,
    lockRequests,
    awsCliFiles,
    awsCliWrites,
    warnings,
    deps,
    get dismissed() {
      return dismissed;
    },
    get closed() {
      return closed;
    },
    /** Replaces the loopback listener the authorization-code flow opens. */
    set listen(next: () => Promise<AuthorizationListener>) {
      listen = next;
    },
    /** Runs `step` once, the next time the lock is taken, before the holder's work (another process's doing). */
    meanwhile(step: () => Promise<void>) {
      inLock.push(step);
    },
    /** Stores a token item and makes the portal accept its access token until it expires. */
    async store(token: StoredSsoToken) {
      await keystore.set(TOKEN_KEY, encodeSsoTokenItem(token, clock()));
      fake.accept(token.accessToken, token.expiresAt);
    },
    /** A date `seconds` from now on the fake clock. */
    in(seconds: number) {
      return new Date(clock().getTime() + seconds * 1000);
    },
    /** The API and grant of each request, e.g. `CreateToken refreshToken`. */
    calls() {
      return requests.map((r) =>
        r.api === "CreateToken" ? `CreateToken ${Object.keys(r.input as object).join(",")}` : r.api,
      );
    },
  };
}

/** A registration stored with a token, good for `lifeSeconds` from the world's start. */
export function storedClient(lifeSeconds = 90 * DAY_S, overrides: Partial<SsoClient> = {}): SsoClient {
  return {
    clientId: "stored-client",
    clientSecret: "stored-secret",
    expiresAt: new Date(new Date(START).getTime() + lifeSeconds * 1000),
    scopes: SCOPES,
    ...overrides,
  };
}
