/**
 * An HTTP fake of IAM Identity Center (SSO) for tests, since moto has none: the OIDC service (RegisterClient,
 * StartDeviceAuthorization, CreateToken) and the portal (GetRoleCredentials, ListAccounts, ListAccountRoles,
 * Logout) on one loopback port, speaking restJson1 the way @aws-sdk/client-sso(-oidc) 3.x send and parse it.
 *
 * Wire facts it relies on (from the SDK's schemas and @smithy/core's restJson1 error parsing):
 *   - the SDK names an exception after the `x-amzn-errortype` header (before a body `code` or `__type`), and
 *     an unknown name (the portal's ForbiddenException) still becomes an error with that `name`;
 *   - OIDC exceptions carry `error` (the OAuth code) and `error_description`; portal ones carry `message`;
 *   - `expiresIn`, `interval`, `clientIdIssuedAt`, `clientSecretExpiresAt` are numbers of seconds and the role
 *     credentials' `expiration` is a number of epoch milliseconds (not a timestamp string).
 *
 * Refresh tokens are not rotated: the refresh grant answers a new access token and the same refresh token.
 * Logout ends the whole sign-in session: its access tokens and its refresh token stop working.
 * The polling `interval` is advertised but not enforced; slow-downs come only from `slowDownOnPolls`.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SsoFakeOptions {
  /** account id -> role names the user may use; default { "123456789012": ["admin", "readonly"] } */
  readonly roles?: Readonly<Record<string, readonly string[]>>;
  /** Device authorization: seconds until the device code expires (default 600) and the polling interval (default 1). */
  readonly deviceCodeExpiresIn?: number;
  readonly interval?: number;
  /** Lifetime of access tokens (default 28800) and of role credentials (default 3600), seconds. */
  readonly accessTokenExpiresIn?: number;
  readonly roleCredentialsExpiresIn?: number;
  /** CreateToken answers SlowDownException on these poll numbers (1-based, per device code); default none. */
  readonly slowDownOnPolls?: readonly number[];
}

export interface SsoFakeCall {
  readonly api:
    | "RegisterClient"
    | "StartDeviceAuthorization"
    | "CreateToken"
    | "GetRoleCredentials"
    | "Logout"
    | "ListAccounts"
    | "ListAccountRoles"
    | "Approve"
    | "Authorize";
  /** CreateToken's grantType; RegisterClient's scopes; GetRoleCredentials' account/role; the bearer token used (portal calls). */
  readonly grantType?: string;
  readonly scopes?: readonly string[];
  readonly accountId?: string;
  readonly roleName?: string;
  readonly accessToken?: string;
  readonly clientId?: string;
  /** RegisterClient's grantTypes (for the authorization-code flow). */
  readonly grantTypes?: readonly string[];
  /** What the fake answered: "ok" or the exception name (e.g. "AuthorizationPendingException", "UnauthorizedException"). */
  readonly outcome: string;
}

export interface SsoFake {
  /** http://127.0.0.1:<port>, the endpoint for both clients (AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL_SSO_OIDC). */
  readonly url: string;
  calls(): readonly SsoFakeCall[];
  count(api: SsoFakeCall["api"], outcome?: string): number;
  /** Approve a pending device authorization by its user code, as the user in the browser would. */
  approve(userCode: string): void;
  /** Revoke an access token: the portal then answers 401 UnauthorizedException for it. */
  revoke(accessToken: string): void;
  /** Make an issued access token expired on the server (portal 401); refresh tokens stay valid. */
  expire(accessToken: string): void;
  /** Access tokens issued so far, newest last. */
  accessTokens(): readonly string[];
  reset(): void; // forget calls, clients, tokens, approvals
  stop(): Promise<void>;
}

const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const REFRESH_TOKEN_GRANT = "refresh_token";
const AUTHORIZATION_CODE_GRANT = "authorization_code";
/** The registration scope for which the real service hands out refresh tokens (sso_registration_scopes). */
const REFRESH_SCOPE = "sso:account:access";
const MAX_BODY_BYTES = 1024 * 1024;
const CLIENT_SECRET_LIFETIME_S = 90 * 24 * 3600;

/** An answer given as an exception. `type` goes in x-amzn-errortype, which is what the SDK reads first. */
class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly body: Readonly<Record<string, string>>,
  ) {
    super(type);
  }
}

// The OIDC exceptions' HTTP status (from the SDK's error schemas) and the OAuth error code (RFC 6749 / 8628) that
// the service puts in `error`.
const OIDC_ERRORS = {
  AccessDeniedException: [400, "access_denied"],
  AuthorizationPendingException: [400, "authorization_pending"],
  ExpiredTokenException: [400, "expired_token"],
  InvalidClientException: [401, "invalid_client"],
  InvalidClientMetadataException: [400, "invalid_client_metadata"],
  InvalidGrantException: [400, "invalid_grant"],
  InvalidRequestException: [400, "invalid_request"],
  SlowDownException: [400, "slow_down"],
  UnauthorizedClientException: [400, "unauthorized_client"],
  UnsupportedGrantTypeException: [400, "unsupported_grant_type"],
} as const satisfies Record<string, readonly [number, string]>;

function oidcError(type: keyof typeof OIDC_ERRORS, description: string): FakeError {
  const [status, error] = OIDC_ERRORS[type];
  return new FakeError(status, type, { error, error_description: description });
}

const unauthorized = () =>
  new FakeError(401, "UnauthorizedException", { message: "Session token not found or invalid" });
const invalidPortalRequest = (message: string) => new FakeError(400, "InvalidRequestException", { message });

/** What an operation learned about its request, for the call log. */
type Note = { -readonly [K in Exclude<keyof SsoFakeCall, "api" | "outcome">]?: SsoFakeCall[K] };

interface Request {
  readonly query: URLSearchParams;
  readonly body: Readonly<Record<string, unknown>>;
  readonly bearer: string | undefined;
  readonly note: Note;
}

interface RegisteredClient {
  readonly secret: string;
  readonly scopes: readonly string[];
  readonly grantTypes: readonly string[];
  readonly redirectUris: readonly string[];
}

/** An authorization code the authorize page issued, bound to its client, redirect URI and PKCE challenge. */
interface IssuedCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  used: boolean;
}

interface DeviceAuthorization {
  readonly clientId: string;
  readonly expiresAt: number;
  polls: number;
  state: "pending" | "approved" | "denied" | "exchanged";
}

/** One sign-in: the access tokens of a device authorization and of its refreshes share it. */
interface Session {
  readonly clientId: string;
  readonly refreshToken: string | undefined;
  ended: boolean;
}

interface AccessToken {
  readonly session: Session;
  expiresAt: number;
  revoked: boolean;
}

const random = (prefix: string, bytes = 24) => prefix + randomBytes(bytes).toString("base64url");

/** The service's state and operations, apart from HTTP. Each operation answers a JSON object or throws FakeError. */
class IdentityCenter {
  private clients = new Map<string, RegisteredClient>();
  private devices = new Map<string, DeviceAuthorization>();
  private codes = new Map<string, IssuedCode>();
  private userCodes = new Map<string, DeviceAuthorization>();
  private sessions = new Map<string, Session>(); // by refresh token
  private tokens = new Map<string, AccessToken>(); // insertion order is issue order
  private keyCounter = 0;
  private readonly slowDownPolls: ReadonlySet<number>;

  constructor(
    private readonly url: string,
    private readonly options: Required<SsoFakeOptions>,
  ) {
    this.slowDownPolls = new Set(options.slowDownOnPolls);
  }

  reset(): void {
    this.clients.clear();
    this.codes.clear();
    this.devices.clear();
    this.userCodes.clear();
    this.sessions.clear();
    this.tokens.clear();
  }

  accessTokens(): string[] {
    return [...this.tokens.keys()];
  }

  /** The browser's answer to the verification page; false for an unknown code. */
  decide(userCode: string, approve: boolean): boolean {
    const device = this.userCodes.get(userCode);
    if (!device) return false;
    if (device.state === "pending") device.state = approve ? "approved" : "denied";
    return true;
  }

  token(accessToken: string): AccessToken {
    const token = this.tokens.get(accessToken);
    if (!token) throw new Error(`sso-fake: no access token ${accessToken} was issued`);
    return token;
  }

  registerClient({ body, note }: Request): object {
    requiredString(body, "clientName");
    const clientType = requiredString(body, "clientType");
    const scopes = stringList(body, "scopes");
    note.scopes = scopes;
    if (clientType !== "public")
      throw oidcError("InvalidClientMetadataException", "clientType must be public");
    const clientId = random("cid-", 16);
    const secret = random("cs-", 48);
    note.clientId = clientId;
    const grantTypes = stringList(body, "grantTypes");
    const redirectUris = stringList(body, "redirectUris");
    if (grantTypes.length > 0) note.grantTypes = grantTypes;
    if (grantTypes.includes("authorization_code") && (redirectUris.length === 0 || !body.issuerUrl)) {
      throw oidcError(
        "InvalidRequestException",
        "the authorization_code grant needs redirectUris and issuerUrl",
      );
    }
    this.clients.set(clientId, { secret, scopes, grantTypes, redirectUris });
    const now = Math.floor(Date.now() / 1000);
    return {
      clientId,
      clientSecret: secret,
      clientIdIssuedAt: now,
      clientSecretExpiresAt: now + CLIENT_SECRET_LIFETIME_S,
    };
  }

  startDeviceAuthorization(request: Request): object {
    const { clientId } = this.authenticateClient(request);
    requiredString(request.body, "startUrl");
    const deviceCode = random("dc-", 32);
    const userCode = userCodeOf(randomBytes(8));
    const device: DeviceAuthorization = {
      clientId,
      expiresAt: Date.now() + this.options.deviceCodeExpiresIn * 1000,
      polls: 0,
      state: "pending",
    };
    this.devices.set(deviceCode, device);
    this.userCodes.set(userCode, device);
    return {
      deviceCode,
      userCode,
      verificationUri: `${this.url}/device`,
      verificationUriComplete: `${this.url}/device?user_code=${userCode}`,
      expiresIn: this.options.deviceCodeExpiresIn,
      interval: this.options.interval,
    };
  }

  createToken(request: Request): object {
    // CreateTokenWithIAM shares the path; it needs SigV4 and is not what vault-cli uses.
    if (request.query.has("aws_iam"))
      throw oidcError("InvalidRequestException", "CreateTokenWithIAM is not faked");
    const grantType = requiredString(request.body, "grantType");
    request.note.grantType = grantType;
    const { clientId, client } = this.authenticateClient(request);
    if (grantType === DEVICE_CODE_GRANT) return this.deviceCodeGrant(clientId, client, request.body);
    if (grantType === REFRESH_TOKEN_GRANT) return this.refreshTokenGrant(clientId, request.body);
    if (grantType === AUTHORIZATION_CODE_GRANT)
      return this.authorizationCodeGrant(clientId, client, request.body);
    throw oidcError("UnsupportedGrantTypeException", `grant type ${grantType} is not supported`);
  }

  getRoleCredentials(request: Request): object {
    const accountId = request.query.get("account_id") ?? undefined;
    const roleName = request.query.get("role_name") ?? undefined;
    Object.assign(request.note, { accountId, roleName });
    this.authenticateBearer(request);
    if (!accountId || !roleName) throw invalidPortalRequest("account_id and role_name are required");
    if (!this.options.roles[accountId]?.includes(roleName)) {
      // Not modelled in the SDK (so it arrives as SSOServiceException named ForbiddenException), but what the
      // real portal answers for a role that is not assigned to the user.
      throw new FakeError(403, "ForbiddenException", { message: "No access" });
    }
    return {
      roleCredentials: {
        accessKeyId: this.accessKeyId(),
        secretAccessKey: random("", 30),
        sessionToken: random("IQoJb3JpZ2luX2Vj", 96),
        expiration: Date.now() + this.options.roleCredentialsExpiresIn * 1000,
      },
    };
  }

  listAccounts(request: Request): object {
    this.authenticateBearer(request);
    const accounts = Object.keys(this.options.roles).map((accountId) => ({
      accountId,
      accountName: `account-${accountId}`,
      emailAddress: `aws+${accountId}@example.com`,
    }));
    const { items, nextToken } = page(accounts, request.query);
    return { accountList: items, nextToken };
  }

  listAccountRoles(request: Request): object {
    const accountId = request.query.get("account_id") ?? undefined;
    request.note.accountId = accountId;
    this.authenticateBearer(request);
    if (!accountId) throw invalidPortalRequest("account_id is required");
    const roles = (this.options.roles[accountId] ?? []).map((roleName) => ({ roleName, accountId }));
    const { items, nextToken } = page(roles, request.query);
    return { roleList: items, nextToken };
  }

  logout(request: Request): object {
    this.authenticateBearer(request).session.ended = true;
    return {};
  }

  /**
   * The authorize page, approved at once (the user is signed in): a 302 to the client's loopback redirect with a
   * code, or an error redirect (`deny`). The redirect URI must be a registered one, on any port (RFC 8252 §7.3).
   */
  authorize(query: URLSearchParams, deny: boolean): { location: string } | { error: string } {
    const client = this.clients.get(query.get("client_id") ?? "");
    const redirectUri = query.get("redirect_uri") ?? "";
    const challenge = query.get("code_challenge") ?? "";
    if (!client?.grantTypes.includes("authorization_code")) return { error: "unknown client" };
    if (
      query.get("response_type") !== "code" ||
      query.get("code_challenge_method") !== "S256" ||
      !challenge
    ) {
      return { error: "response_type=code and an S256 code_challenge are required" };
    }
    const withoutPort = redirectUri.replace(/^(http:\/\/127\.0\.0\.1):\d+\//, "$1/");
    if (!client.redirectUris.includes(withoutPort))
      return { error: `redirect_uri ${redirectUri} is not registered` };
    const back = new URL(redirectUri);
    back.searchParams.set("state", query.get("state") ?? "");
    if (deny) {
      back.searchParams.set("error", "access_denied");
      return { location: back.toString() };
    }
    const code = random("ac-", 24);
    const clientId = query.get("client_id") ?? "";
    this.codes.set(code, { clientId, redirectUri, codeChallenge: challenge, used: false });
    back.searchParams.set("code", code);
    return { location: back.toString() };
  }

  private authorizationCodeGrant(clientId: string, client: RegisteredClient, body: Request["body"]): object {
    const issued = this.codes.get(requiredString(body, "code"));
    const verifier = requiredString(body, "codeVerifier");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (
      !issued ||
      issued.used ||
      issued.clientId !== clientId ||
      issued.redirectUri !== requiredString(body, "redirectUri") ||
      issued.codeChallenge !== challenge
    ) {
      throw oidcError("InvalidGrantException", "invalid code, redirect URI or code verifier");
    }
    issued.used = true;
    const refreshToken = client.scopes.includes(REFRESH_SCOPE) ? random("aor-", 48) : undefined;
    const session: Session = { clientId, refreshToken, ended: false };
    if (refreshToken) this.sessions.set(refreshToken, session);
    return this.issue(session);
  }

  private deviceCodeGrant(clientId: string, client: RegisteredClient, body: Request["body"]): object {
    const device = this.devices.get(requiredString(body, "deviceCode"));
    if (!device || device.clientId !== clientId)
      throw oidcError("InvalidGrantException", "unknown device code");
    if (device.state === "exchanged") throw oidcError("InvalidGrantException", "device code already used");
    device.polls += 1;
    if (Date.now() >= device.expiresAt) throw oidcError("ExpiredTokenException", "device code expired");
    if (this.slowDownPolls.has(device.polls)) throw oidcError("SlowDownException", "polling too fast");
    if (device.state === "denied") throw oidcError("AccessDeniedException", "the user denied the request");
    if (device.state === "pending") throw oidcError("AuthorizationPendingException", "waiting for the user");
    device.state = "exchanged";
    const refreshToken = client.scopes.includes(REFRESH_SCOPE) ? random("aor-", 48) : undefined;
    const session: Session = { clientId, refreshToken, ended: false };
    if (refreshToken) this.sessions.set(refreshToken, session);
    return this.issue(session);
  }

  private refreshTokenGrant(clientId: string, body: Request["body"]): object {
    const session = this.sessions.get(requiredString(body, "refreshToken"));
    if (!session || session.clientId !== clientId || session.ended) {
      throw oidcError("InvalidGrantException", "invalid refresh token");
    }
    return this.issue(session);
  }

  private issue(session: Session): object {
    const accessToken = random("aoa-", 48);
    const expiresIn = this.options.accessTokenExpiresIn;
    this.tokens.set(accessToken, { session, expiresAt: Date.now() + expiresIn * 1000, revoked: false });
    return { accessToken, tokenType: "Bearer", expiresIn, refreshToken: session.refreshToken };
  }

  private authenticateClient({ body, note }: Request): { clientId: string; client: RegisteredClient } {
    const clientId = requiredString(body, "clientId");
    note.clientId = clientId;
    const secret = requiredString(body, "clientSecret");
    const client = this.clients.get(clientId);
    if (!client || client.secret !== secret) throw oidcError("InvalidClientException", "unknown client");
    return { clientId, client };
  }

  private authenticateBearer({ bearer, note }: Request): AccessToken {
    note.accessToken = bearer;
    const token = bearer === undefined ? undefined : this.tokens.get(bearer);
    if (!token || token.revoked || token.session.ended || Date.now() >= token.expiresAt) throw unauthorized();
    return token;
  }

  private accessKeyId(): string {
    // A counter makes each key unique; the random tail makes them look like keys. 20 characters like AWS's.
    this.keyCounter += 1;
    const counter = this.keyCounter.toString(36).toUpperCase().padStart(6, "0");
    return `ASIA${counter}${lettersOf(randomBytes(10))}`;
  }
}

/** One capital consonant per byte; no vowels, so no words. */
function lettersOf(bytes: Buffer): string {
  const letters = "BCDFGHJKLMNPQRSTVWXZ";
  return [...bytes].map((b) => letters[b % letters.length]).join("");
}

/** A user code like the real service's: 8 letters shown as ABCD-EFGH. */
function userCodeOf(bytes: Buffer): string {
  const code = lettersOf(bytes.subarray(0, 8));
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

function requiredString(body: Request["body"], name: string): string {
  const value = body[name];
  if (typeof value !== "string" || value === "") {
    throw oidcError("InvalidRequestException", `${name} is required`);
  }
  return value;
}

function stringList(body: Request["body"], name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw oidcError("InvalidRequestException", `${name} must be a list of strings`);
  }
  return value;
}

/** The portal's pagination: max_result per page, next_token is the offset of the next page. */
function page<T>(all: readonly T[], query: URLSearchParams): { items: T[]; nextToken: string | undefined } {
  const start = Number(query.get("next_token") ?? 0);
  const size = Number(query.get("max_result") ?? all.length);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(size) || size < 1) {
    throw invalidPortalRequest("bad next_token or max_result");
  }
  const end = start + size;
  return { items: all.slice(start, end), nextToken: end < all.length ? String(end) : undefined };
}

type Operation = (request: Request) => object;

/** The SDK's http traits: method and path of each operation. */
function routes(service: IdentityCenter): Record<string, readonly [SsoFakeCall["api"], Operation]> {
  return {
    "POST /client/register": ["RegisterClient", (r) => service.registerClient(r)],
    "POST /device_authorization": ["StartDeviceAuthorization", (r) => service.startDeviceAuthorization(r)],
    "POST /token": ["CreateToken", (r) => service.createToken(r)],
    "GET /federation/credentials": ["GetRoleCredentials", (r) => service.getRoleCredentials(r)],
    "GET /assignment/accounts": ["ListAccounts", (r) => service.listAccounts(r)],
    "GET /assignment/roles": ["ListAccountRoles", (r) => service.listAccountRoles(r)],
    "POST /logout": ["Logout", (r) => service.logout(r)],
  };
}

/** The request body, or undefined when it is over the cap (the rest is read and dropped, not kept). */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")),
    );
    request.on("error", reject);
  });
}

function parseBody(text: string | undefined): Record<string, unknown> {
  if (text === undefined)
    throw new FakeError(413, "RequestEntityTooLargeException", { message: "over 1 MiB" });
  if (text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FakeError(400, "SerializationException", { message: "body is not JSON" });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new FakeError(400, "SerializationException", { message: "body is not a JSON object" });
  }
  return parsed as Record<string, unknown>;
}

function send(response: ServerResponse, status: number, body: object, errorType?: string): void {
  response.writeHead(status, {
    "content-type": "application/json",
    "x-amzn-requestid": randomUUID(),
    ...(errorType ? { "x-amzn-errortype": errorType } : {}),
  });
  response.end(JSON.stringify(body));
}

export async function startSsoFake(options: SsoFakeOptions = {}): Promise<SsoFake> {
  const settings: Required<SsoFakeOptions> = {
    roles: options.roles ?? { "123456789012": ["admin", "readonly"] },
    deviceCodeExpiresIn: options.deviceCodeExpiresIn ?? 600,
    interval: options.interval ?? 1,
    accessTokenExpiresIn: options.accessTokenExpiresIn ?? 28_800,
    roleCredentialsExpiresIn: options.roleCredentialsExpiresIn ?? 3600,
    slowDownOnPolls: options.slowDownOnPolls ?? [],
  };
  let calls: SsoFakeCall[] = [];
  // The handler needs the service, which needs the URL, which is known once the server listens.
  let service: IdentityCenter | undefined;
  let table: ReturnType<typeof routes> = {};

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const text = await readBody(request);
    if (request.method === "GET" && url.pathname === "/device") {
      answerVerificationPage(url, response);
      return;
    }
    if (request.method === "GET" && url.pathname === "/authorize") {
      // What the user's browser sees: the page approves (or, with `&action=deny`, denies) and sends it back.
      const answer = service?.authorize(url.searchParams, url.searchParams.get("action") === "deny");
      const outcome = !answer ? "NotFound" : "error" in answer ? answer.error : "ok";
      calls.push({
        api: "Authorize",
        ...(url.searchParams.get("client_id") ? { clientId: url.searchParams.get("client_id") ?? "" } : {}),
        outcome,
      });
      if (answer && "location" in answer) {
        response.writeHead(302, { location: answer.location });
        response.end();
      } else {
        response.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
        response.end(`${outcome}\n`);
      }
      return;
    }
    const route = table[`${request.method} ${url.pathname}`];
    if (!route || !service) {
      send(
        response,
        404,
        { message: `no operation at ${request.method} ${url.pathname}` },
        "UnknownOperationException",
      );
      return;
    }
    const [api, operation] = route;
    const note: Note = {};
    try {
      const bearer = request.headers["x-amz-sso_bearer_token"];
      const body = parseBody(text);
      const result = operation({
        query: url.searchParams,
        body,
        bearer: typeof bearer === "string" ? bearer : undefined,
        note,
      });
      calls.push({ api, ...note, outcome: "ok" });
      send(response, 200, result);
    } catch (error) {
      if (!(error instanceof FakeError)) throw error;
      calls.push({ api, ...note, outcome: error.type });
      send(response, error.status, error.body, error.type);
    }
  };

  // What a browser opener does with verificationUriComplete; `&action=deny` is the user saying no.
  const answerVerificationPage = (url: URL, response: ServerResponse): void => {
    const deny = url.searchParams.get("action") === "deny";
    const known = service?.decide(url.searchParams.get("user_code") ?? "", !deny) ?? false;
    calls.push({ api: "Approve", outcome: known ? (deny ? "denied" : "ok") : "NotFound" });
    response.writeHead(known ? 200 : 404, { "content-type": "text/plain; charset=utf-8" });
    response.end(
      known ? `Request ${deny ? "denied" : "approved"}. You can close this window.\n` : "Unknown code.\n",
    );
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A bug in the fake: answer like the service would, so the test fails with the message.
      if (!response.headersSent) send(response, 500, { message: String(error) }, "InternalServerException");
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const center = new IdentityCenter(url, settings);
  service = center;
  table = routes(center);

  return {
    url,
    calls: () => [...calls],
    count: (api, outcome) =>
      calls.filter((c) => c.api === api && (outcome === undefined || c.outcome === outcome)).length,
    approve: (userCode) => {
      if (!center.decide(userCode, true))
        throw new Error(`sso-fake: no device authorization has user code ${userCode}`);
    },
    revoke: (accessToken) => {
      center.token(accessToken).revoked = true;
    },
    expire: (accessToken) => {
      center.token(accessToken).expiresAt = 0;
    },
    accessTokens: () => center.accessTokens(),
    reset: () => {
      calls = [];
      center.reset();
    },
    stop: () => stopServer(server),
  };
}

function stopServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
