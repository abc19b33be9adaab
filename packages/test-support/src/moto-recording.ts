/**
 * One AWS request as moto recorded it (moto/moto_api/_internal/recorder: one JSON object per request,
 * {headers, method, url, body, body_encoded}, body base64 when body_encoded), with the request as sent, so a
 * signature can be recomputed, and what tests ask of it.
 */
export interface RecordedCall {
  readonly method: string;
  readonly url: string;
  /** As sent, names in their own case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** `GetSessionToken`, `AssumeRole`, ... (query protocol `Action`, or the X-Amz-Target operation). */
  readonly action: string | undefined;
  /** The signing key id from the Authorization header; undefined for unsigned requests. */
  readonly accessKeyId: string | undefined;
  readonly sessionToken: string | undefined;
  readonly userAgent: string | undefined;
  /** Query and form parameters, e.g. `Tags.member.1.Key`. */
  readonly params: Readonly<Record<string, string>>;
}

interface RecordingLine {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string | null;
  readonly body_encoded?: boolean;
}

/** Parses moto's recording, skipping /moto-api/ calls. */
export function parseRecording(text: string): RecordedCall[] {
  const calls: RecordedCall[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as RecordingLine;
    const url = new URL(entry.url, "http://moto");
    if (url.pathname.startsWith("/moto-api/")) continue;
    const lower = Object.fromEntries(Object.entries(entry.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const body = Buffer.from(entry.body ?? "", entry.body_encoded ? "base64" : "utf8");
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (lower["content-type"]?.includes("x-www-form-urlencoded")) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
    }
    calls.push({
      method: entry.method,
      url: entry.url,
      headers: entry.headers,
      body,
      action: params.Action ?? lower["x-amz-target"]?.split(".").pop(),
      accessKeyId: /Credential=([^/]+)\//.exec(lower.authorization ?? "")?.[1],
      sessionToken: lower["x-amz-security-token"],
      userAgent: lower["user-agent"],
      params,
    });
  }
  return calls;
}
