import type { CacheSlot, Hop } from "../chain/types.js";
import type { SessionMetadata } from "../keystore/session-credentials.js";

/** What a cached item for `hop` must have been made from to be served for this plan. */
export function hopMetadata(hop: Hop, previous: Hop | undefined): SessionMetadata {
  const source =
    previous && ("cache" in previous ? previous.cache.keyPrefix : `${previous.kind}:${previous.profile}`);
  const fields = {
    roleArn: "roleArn" in hop ? hop.roleArn : undefined,
    source,
    mfaSerial: "mfa" in hop && hop.mfa.kind !== "none" ? hop.mfa.serial : undefined,
    externalId: hop.kind === "AssumeRole" ? hop.externalId : undefined,
    settings: settingsOf(hop),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as SessionMetadata;
}

/**
 * The rest of what shapes the credentials, as one canonical string (undefined when there is nothing): an item
 * made with other tags, source identity, session name, command or token source is not served. Field names and
 * order are part of the cached items' format.
 */
function settingsOf(hop: Hop): string | undefined {
  const role = hop.kind === "AssumeRole" ? hop : undefined;
  const token = hop.kind === "AssumeRoleWithWebIdentity" ? hop.webIdentityToken : undefined;
  const tags =
    role?.sessionTags && Object.entries(role.sessionTags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const fields = {
    tags: tags?.length ? tags : undefined,
    transitive: role?.transitiveSessionTags?.length ? [...role.transitiveSessionTags].sort() : undefined,
    sourceIdentity: role?.sourceIdentity,
    sessionName: "roleSessionName" in hop ? hop.roleSessionName : undefined,
    command: hop.kind === "CredentialProcess" ? hop.command : undefined,
    tokenFile: token && "file" in token ? token.file : undefined,
    tokenProcess: token && "process" in token ? token.process : undefined,
  };
  const present = Object.entries(fields).filter(([, v]) => v !== undefined);
  return present.length === 0 ? undefined : JSON.stringify(Object.fromEntries(present));
}

const FIELD_NAMES: Readonly<Record<keyof SessionMetadata, string>> = {
  roleArn: "role ARN",
  source: "source",
  mfaSerial: "MFA serial",
  externalId: "external id",
  settings: "session settings",
};

/**
 * Why an item may not be served for this plan, or undefined when it may: with metadata, every field must be
 * equal. An item without any came from aws-vault (or an older vault-cli): it may serve only slots aws-vault
 * itself fills, since aws-vault would have made the same call.
 */
export function metadataMismatch(
  stored: SessionMetadata | undefined,
  expected: SessionMetadata,
  slot: CacheSlot,
): string | undefined {
  if (stored === undefined) {
    return slot.sharedWithAwsVault ? undefined : "written without vault-cli's record of how it was made";
  }
  const differ = (Object.keys(FIELD_NAMES) as (keyof SessionMetadata)[]).filter(
    (field) => stored[field] !== expected[field],
  );
  return differ.length === 0
    ? undefined
    : `made with another ${differ.map((f) => FIELD_NAMES[f]).join(", ")}`;
}

/** A key for in-process single flight: the slot plus what the item must match. */
export function flightKey(slot: CacheSlot, expected: SessionMetadata): string {
  return `${slot.keyPrefix}\n${JSON.stringify(expected)}`;
}
