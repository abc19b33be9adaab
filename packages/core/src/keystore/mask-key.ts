/** An access key id fit for messages and listings: `****WXYZ` (nothing of keys of 4 characters or less). */
export function maskKey(accessKeyId: string): string {
  return accessKeyId.length > 4 ? `****${accessKeyId.slice(-4)}` : "****";
}
