import { maskKey } from "./keystore/mask-key.js";

/** The longest text from outside that an error shows. */
const MAX_EXTERNAL_TEXT = 500;

const KEY_ID = /\b(?:AKIA|ASIA|AROA|AIDA|AGPA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{12,}\b/g;
/** Names that are not secrets and must stay readable: ARNs, and session keys (`sts.AssumeRole,<b64>,<b64>,<expiry>`). */
const KEPT = /\barn:[^\s'"`,;]+|\b[\w.]+,[\w-]*,[\w-]*,\d+\b/g;
/** A long opaque run, as secret keys and session tokens are (base64: digits and both cases). */
const OPAQUE = /[A-Za-z0-9+/=]{40,}/g;
/** The value of a header or field that carries a secret or a code, in query, header or JSON form. */
const NAMED =
  /\b(TokenCode|SecretAccessKey|SessionToken|WebIdentityToken|X-Amz-Security-Token)(["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi;
/** An Authorization header's whole value (`Bearer <jwt>`, `AWS4-HMAC-SHA256 Credential=...`), to the end of its line. */
const AUTHORIZATION = /\b(Authorization["']?\s*[:=]\s*["']?)[^\n"']*/gi;
/** AWS validation messages quote the rejected value: `Value 'x' at 'tokenCode' failed ...`. */
const QUOTED_VALUE = /Value '[^']*' at '/g;

/**
 * Text that came from outside (an STS error message, a program's stderr), made fit to show: key ids masked
 * (`****WXYZ`), secrets, tokens, MFA codes, Authorization values and rejected values replaced, ARNs and session
 * keys kept, and cut to `max` characters.
 */
export function redactExternal(text: string, max = MAX_EXTERNAL_TEXT): string {
  const kept: string[] = [];
  const masked = text
    .replace(KEPT, (name) => `\u0000${kept.push(name) - 1}\u0000`)
    .replace(AUTHORIZATION, (_, name: string) => `${name}******`)
    .replace(NAMED, (_, name: string, separator: string) => `${name}${separator}******`)
    .replace(QUOTED_VALUE, "Value '***' at '")
    .replace(KEY_ID, (id) => maskKey(id))
    .replace(OPAQUE, (run) => (/\d/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run) ? "******" : run))
    .replace(/\u0000(\d+)\u0000/g, (_, index: string) => kept[Number(index)] ?? "")
    .replace(KEY_ID, (id) => maskKey(id));
  return masked.length <= max ? masked : `${masked.slice(0, max)}… (${masked.length - max} more characters)`;
}
