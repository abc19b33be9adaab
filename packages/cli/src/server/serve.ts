import { type CommandTarget, isVaultError, serverCommandEnv, type Trace } from "@vault-cli/core";
import { type CredentialRequest, minTtlSeconds, type Vault } from "@vault-cli/sdk-provider";
import type { CliIo } from "../io.js";
import { ecsRoutes, ecsVariables } from "./ecs-routes.js";
import { holdCredentials } from "./held-credentials.js";
import { imdsRoutes, imdsVariables } from "./imds-routes.js";
import { listenLoopback } from "./loopback-server.js";

export type ServerKind = "ecs" | "ec2";

export interface ServeRequest {
  readonly kind: ServerKind;
  /** `--lazy`: no credentials are fetched before the first request. */
  readonly lazy: boolean;
  readonly credentials: CredentialRequest;
  readonly command: string;
  readonly args: readonly string[];
  /** Says what is about to start (the subshell notice), once the server runs. */
  readonly announce: () => void;
  readonly trace?: Trace;
}

/**
 * `exec --ecs-server` / `--ec2-server`: holds the profile's credentials (fetched first, unless --lazy, so a
 * prompt happens before the command owns the terminal), serves them on a loopback port while the command
 * runs, fetches them again before they reach the floor, and returns the command's exit status.
 */
export async function serveAndRun(vault: Vault, io: CliIo, request: ServeRequest): Promise<number> {
  const { profile } = request.credentials;
  const clock = io.now;
  const floorSeconds = minTtlSeconds("server", io.env);
  const warn = (what: string) => (error: unknown) =>
    io.stderr(`vault-cli: warning: ${what}: ${isVaultError(error) ? error.message : String(error)}\n`);
  const hold = { clock, floorSeconds };
  const base = holdCredentials(() => vault.credentials(request.credentials), {
    ...hold,
    onPrefetchError: warn(`credentials of '${profile}' could not be fetched again`),
  });
  const target = request.lazy ? await plannedTarget(vault, request.credentials) : (await base.get()).plan;
  const { region } = target;

  // 30 random bytes, as aws-vault makes it: 40 base64url characters.
  const token = process.getBuiltinModule("node:crypto").randomBytes(30).toString("base64url");
  let closeRoutes = () => {};
  const server = await listenLoopback((port) => {
    if (request.kind === "ec2") return imdsRoutes(base, { port, region, clock });
    const routes = ecsRoutes(token, base, (roleArn) =>
      holdCredentials(
        async () => {
          const { credentials, plan } = await base.get();
          return { credentials: await vault.assumeRoleWith(plan, roleArn, credentials) };
        },
        { ...hold, onPrefetchError: warn(`credentials of role ${roleArn} could not be fetched again`) },
      ),
    );
    closeRoutes = () => routes.close();
    return routes.handle;
  }, request.trace);
  const variables = request.kind === "ecs" ? ecsVariables(server.url, token) : imdsVariables(server.url);
  if (io.env.AWS_VAULT_DISABLE_HELP_MESSAGE !== "1") {
    io.stderr(
      request.kind === "ecs"
        ? `Serving credentials of '${profile}' to the command as an ECS credentials endpoint on ${server.url}\n`
        : `Serving credentials of '${profile}' to the command as EC2 instance metadata on ${server.url}; ` +
            "any process on this machine can read them while it runs\n",
    );
  }
  request.announce();
  try {
    return await io.runChild(
      request.command,
      request.args,
      serverCommandEnv(io.env, profile, target, variables),
    );
  } finally {
    base.close();
    closeRoutes();
    await server.close();
  }
}

/** The region and endpoint the command is given, from the plan alone: with --lazy nothing is fetched first. */
async function plannedTarget(vault: Vault, request: CredentialRequest): Promise<CommandTarget> {
  const stored = await vault.listKeys();
  return vault.plan(vault.readConfig(), request, new Set(stored.credentials));
}
