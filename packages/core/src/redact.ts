import { maskKey } from "./keystore/mask-key.js";

/** The longest text from outside that an error shows. */
export const MAX_EXTERNAL_TEXT = 500;

const KEY_ID = /\b(?:AKIA|ASIA|AROA|AIDA|AGPA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{12,}\b/g;
/** A long opaque run, as secret keys and session tokens are (base64); ARNs and words break into short runs. */
const OPAQUE = /[A-Za-z0-9+/=]{40,}/g;
/** A value after a name that carries a secret or a code, in query, header or JSON form. */
const NAMED =
  /\b(TokenCode|SecretAccessKey|SessionToken|WebIdentityToken|X-Amz-Security-Token|Authorization)(["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi;
/** AWS validation messages quote the rejected value: `Value 'x' at 'tokenCode' failed ...`. */
const QUOTED_VALUE = /Value '[^']*' at '/g;

/**
 * Text that came from outside (an STS error message, a program's stderr), made fit to show: key ids masked
 * (`****WXYZ`), secrets, tokens, MFA codes and rejected values replaced, and cut to `max` characters.
 */
export function redactExternal(text: string, max = MAX_EXTERNAL_TEXT): string {
  const masked = text
    .replace(NAMED, (_, name: string, separator: string) => `${name}${separator}******`)
    .replace(QUOTED_VALUE, "Value '***' at '")
    .replace(KEY_ID, (id) => maskKey(id))
    .replace(OPAQUE, "******");
  return masked.length <= max ? masked : `${masked.slice(0, max)}… (${masked.length - max} more characters)`;
}
