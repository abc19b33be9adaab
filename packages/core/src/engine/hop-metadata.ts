import type { CacheSlot, Hop } from "../chain/types.js";
import type { SessionMetadata } from "../keystore/session-credentials.js";

/** What a cached item for hops[index] must have been made from to be served for this plan. */
export function hopMetadata(hops: readonly Hop[], index: number): SessionMetadata {
  const hop = hops[index]!;
  const previous = hops[index - 1];
  const source = previous && (previous.cache?.keyPrefix ?? `${previous.kind}:${previous.profile}`);
  const mfaSerial = hop.mfa.kind === "none" ? undefined : hop.mfa.serial;
  const fields = {
    roleArn: hop.roleArn,
    source,
    mfaSerial,
    externalId: hop.externalId,
    settings: settingsOf(hop),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as SessionMetadata;
}

/**
 * The rest of what shapes the credentials, as one canonical string (undefined when there is nothing): an item
 * made with other tags, source identity, session name, command or token source is not served.
 */
function settingsOf(hop: Hop): string | undefined {
  const tags =
    hop.sessionTags && Object.entries(hop.sessionTags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const fields = {
    tags: tags?.length ? tags : undefined,
    transitive: hop.transitiveSessionTags?.length ? [...hop.transitiveSessionTags].sort() : undefined,
    sourceIdentity: hop.sourceIdentity,
    sessionName: hop.roleSessionName,
    command: hop.credentialProcess,
    tokenFile: hop.webIdentityTokenFile,
    tokenProcess: hop.webIdentityTokenProcess,
  };
  const present = Object.entries(fields).filter(([, v]) => v !== undefined);
  return present.length === 0 ? undefined : JSON.stringify(Object.fromEntries(present));
}

/**
 * An item with metadata matches when every field is equal. An item without any came from aws-vault (or an
 * older vault-cli): it matches only slots aws-vault itself fills, since aws-vault would have made the same call.
 */
export function metadataMatches(
  stored: SessionMetadata | undefined,
  expected: SessionMetadata,
  slot: CacheSlot,
): boolean {
  if (stored === undefined) return slot.sharedWithAwsVault;
  return (
    stored.roleArn === expected.roleArn &&
    stored.source === expected.source &&
    stored.mfaSerial === expected.mfaSerial &&
    stored.externalId === expected.externalId &&
    stored.settings === expected.settings
  );
}

/** A key for in-process single flight: the slot plus what the item must match. */
export function flightKey(slot: CacheSlot, expected: SessionMetadata): string {
  return `${slot.keyPrefix}\n${JSON.stringify(expected)}`;
}
