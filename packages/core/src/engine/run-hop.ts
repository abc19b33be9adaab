import type { Hop } from "../chain/types.js";
import { VaultError } from "../errors.js";
import { decodeMasterCredentials } from "../keystore/master-credentials.js";
import { runCredentialProcess } from "./credential-process.js";
import type { EngineDeps, EngineOptions } from "./engine-types.js";
import { mfaCodeFor } from "./mfa-code.js";
import type { AwsCredentials, StsTarget } from "./ports.js";
import { defaultRoleSessionName } from "./role-session-name.js";

/** aws-vault's AssumeRole / AssumeRoleWithWebIdentity default lifetime. */
const DEFAULT_ROLE_SECONDS = 3600;

/** Makes one hop's call (no cache): `input` is the previous hop's output, undefined for hops[0]. */
export async function runHop(
  hop: Hop,
  input: AwsCredentials | undefined,
  deps: EngineDeps,
  options: EngineOptions,
): Promise<AwsCredentials> {
  switch (hop.kind) {
    case "stored":
      return readStored(hop, deps);
    case "GetSessionToken": {
      const mfa = await mfaCodeFor(hop, deps, options);
      const durationSeconds = hop.durationSeconds ?? DEFAULT_ROLE_SECONDS;
      return deps.sts.getSessionToken({ ...target(hop), credentials: input!, durationSeconds, mfa });
    }
    case "AssumeRole":
      return assumeRole(hop, input!, deps, options);
    case "AssumeRoleWithWebIdentity":
      return deps.sts.assumeRoleWithWebIdentity({
        ...target(hop),
        roleArn: hop.roleArn!,
        roleSessionName: hop.roleSessionName ?? defaultRoleSessionName(deps.clock),
        durationSeconds: hop.durationSeconds ?? DEFAULT_ROLE_SECONDS,
        webIdentityToken: await webIdentityToken(hop, deps),
      });
    case "CredentialProcess":
      return runCredentialProcess(hop, deps);
    case "SsoRoleCredentials":
      throw new VaultError("CREDENTIALS_MISSING", `profile '${hop.profile}': SSO is not supported yet`, {
        profile: hop.profile,
      });
  }
}

async function readStored(hop: Hop, deps: EngineDeps): Promise<AwsCredentials> {
  const data = await deps.keystore.get(hop.profile);
  if (data === undefined) {
    throw new VaultError(
      "CREDENTIALS_MISSING",
      `profile '${hop.profile}' has no stored credentials in the ${deps.keystore.name} keystore; ` +
        `add them with "vault-cli add ${hop.profile}"`,
      { profile: hop.profile },
    );
  }
  return decodeMasterCredentials(data, `credentials of '${hop.profile}'`);
}

async function assumeRole(
  hop: Hop,
  credentials: AwsCredentials,
  deps: EngineDeps,
  options: EngineOptions,
): Promise<AwsCredentials> {
  const mfa = await mfaCodeFor(hop, deps, options);
  return deps.sts.assumeRole({
    ...target(hop),
    credentials,
    roleArn: hop.roleArn!,
    roleSessionName: hop.roleSessionName ?? defaultRoleSessionName(deps.clock),
    durationSeconds: hop.durationSeconds ?? DEFAULT_ROLE_SECONDS,
    externalId: hop.externalId,
    mfa,
    tags: hop.sessionTags,
    transitiveTagKeys: hop.transitiveSessionTags,
    sourceIdentity: hop.sourceIdentity,
  });
}

/** The whole file or the process's whole stdout, not trimmed (as aws-vault). */
async function webIdentityToken(hop: Hop, deps: EngineDeps): Promise<string> {
  if (hop.webIdentityTokenFile !== undefined) return deps.readTextFile(hop.webIdentityTokenFile);
  return deps.runProcess(hop.webIdentityTokenProcess!, { env: deps.env });
}

function target(hop: Hop): StsTarget {
  return {
    profile: hop.profile,
    region: hop.region,
    endpointUrl: hop.endpointUrl,
    stsRegionalEndpoints: hop.stsRegionalEndpoints,
  };
}
