import type { AssumeRoleHop, SourceHop, StepHop, StoredHop, WebIdentityHop } from "../chain/types.js";
import { VaultError } from "../errors.js";
import { decodeMasterCredentials } from "../keystore/master-credentials.js";
import { ssoRoleCredentials } from "../sso/sso-sign-in.js";
import { runCredentialProcess } from "./credential-process.js";
import type { EngineDeps, EngineOptions } from "./engine-types.js";
import { runHelper } from "./helper-process.js";
import { mfaCodeFor } from "./mfa-code.js";
import type { AwsCredentials, StsTarget } from "./ports.js";
import { defaultRoleSessionName } from "./role-session-name.js";

/** Makes hops[0]'s call (no cache): reads stored keys, runs a process or exchanges a token. */
export async function runSource(hop: SourceHop, deps: EngineDeps): Promise<AwsCredentials> {
  switch (hop.kind) {
    case "stored":
      return readStored(hop, deps);
    case "AssumeRoleWithWebIdentity":
      return deps.sts.assumeRoleWithWebIdentity({
        ...target(hop),
        roleArn: hop.roleArn,
        roleSessionName: hop.roleSessionName ?? defaultRoleSessionName(deps.clock),
        durationSeconds: hop.durationSeconds,
        webIdentityToken: await webIdentityToken(hop, deps),
      });
    case "CredentialProcess":
      return runCredentialProcess(hop, deps);
    case "SsoRoleCredentials":
      return ssoRoleCredentials(hop, deps);
  }
}

/** Makes a later hop's call (no cache) with the previous hop's credentials. */
export async function runStep(
  hop: StepHop,
  input: AwsCredentials,
  deps: EngineDeps,
  options: EngineOptions,
): Promise<AwsCredentials> {
  const mfa = await mfaCodeFor(hop, deps, options);
  if (hop.kind === "GetSessionToken") {
    return deps.sts.getSessionToken({
      ...target(hop),
      credentials: input,
      durationSeconds: hop.durationSeconds,
      mfa,
    });
  }
  return assumeRole(hop, input, mfa, deps);
}

async function readStored(hop: StoredHop, deps: EngineDeps): Promise<AwsCredentials> {
  const data = await deps.keystore.get(hop.profile);
  if (data === undefined) {
    throw new VaultError(
      "CREDENTIALS_MISSING",
      `profile '${hop.profile}' has no stored credentials in the ${deps.keystore.name} keystore`,
      { profile: hop.profile, data: { backend: deps.keystore.name } },
    );
  }
  return decodeMasterCredentials(data, `credentials of '${hop.profile}'`);
}

function assumeRole(
  hop: AssumeRoleHop,
  credentials: AwsCredentials,
  mfa: Awaited<ReturnType<typeof mfaCodeFor>>,
  deps: EngineDeps,
): Promise<AwsCredentials> {
  return deps.sts.assumeRole({
    ...target(hop),
    credentials,
    roleArn: hop.roleArn,
    roleSessionName: hop.roleSessionName ?? defaultRoleSessionName(deps.clock),
    durationSeconds: hop.durationSeconds,
    externalId: hop.externalId,
    mfa,
    tags: hop.sessionTags,
    transitiveTagKeys: hop.transitiveSessionTags,
    sourceIdentity: hop.sourceIdentity,
  });
}

/** The whole file or the process's whole stdout, not trimmed (as aws-vault). */
async function webIdentityToken(hop: WebIdentityHop, deps: EngineDeps): Promise<string> {
  const source = hop.webIdentityToken;
  if ("file" in source) {
    try {
      return await deps.readTextFile(source.file);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason = typeof code === "string" ? code : String(error);
      throw new VaultError(
        "PROCESS_FAILED",
        `web_identity_token_file of profile '${hop.profile}' cannot be read: ${source.file}: ${reason}`,
        { cause: error, profile: hop.profile, data: { setting: "web_identity_token_file" } },
      );
    }
  }
  return runHelper(deps, "web_identity_token_process", hop.profile, source.process);
}

function target(hop: SourceHop | StepHop): StsTarget {
  return {
    profile: hop.profile,
    region: hop.region,
    endpointUrl: hop.endpointUrl,
    stsRegionalEndpoints: hop.stsRegionalEndpoints,
  };
}
