/** One AWS request as moto recorded it. */
export interface RecordedCall {
  /** `GetSessionToken`, `AssumeRole`, ... (query protocol `Action`, or the X-Amz-Target operation). */
  readonly action: string | undefined;
  /** The signing key id from the Authorization header; undefined for unsigned requests. */
  readonly accessKeyId: string | undefined;
  readonly sessionToken: string | undefined;
  /** Query and form parameters, e.g. `Tags.member.1.Key`. */
  readonly params: Readonly<Record<string, string>>;
}

interface RecordingLine {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string | null;
  readonly body_encoded?: boolean;
}

/** Parses moto's recording (MOTO_ENABLE_RECORDING: one JSON request per line), skipping /moto-api/ calls. */
export function parseRecording(text: string): RecordedCall[] {
  const calls: RecordedCall[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as RecordingLine;
    const url = new URL(entry.url, "http://moto");
    if (url.pathname.startsWith("/moto-api/")) continue;
    const headers = Object.fromEntries(Object.entries(entry.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const rawBody = entry.body ?? "";
    const body = entry.body_encoded ? Buffer.from(rawBody, "base64").toString("utf8") : rawBody;
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (headers["content-type"]?.includes("x-www-form-urlencoded")) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    }
    const target = headers["x-amz-target"]?.split(".").pop();
    const credential = /Credential=([^/]+)\//.exec(headers.authorization ?? "");
    calls.push({
      action: params.Action ?? target,
      accessKeyId: credential?.[1],
      sessionToken: headers["x-amz-security-token"],
      params,
    });
  }
  return calls;
}
