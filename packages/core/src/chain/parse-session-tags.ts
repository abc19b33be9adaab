import { type SourceLocation, VaultError } from "../errors.js";

/** Where a tag string was read, so a parse error can name it. */
export interface TagSource {
  /** What the user wrote, e.g. `AWS_SESSION_TAGS` or `session_tags of profile 'dev' at /home/me/.aws/config:7`. */
  readonly subject: string;
  readonly location?: SourceLocation;
  readonly profile?: string;
}

const FORMAT = "<key1>=<value1>,[<key2>=<value2>[,...]]";

/**
 * Parses `k=v,k2=v2` like aws-vault: split on `,`, then on the first `=`, trim both sides.
 * Any element without `=` (including an empty string or a trailing comma) is an error.
 */
export function parseSessionTags(
  text: string,
  source: TagSource = { subject: "session tags string" },
): Readonly<Record<string, string>> {
  const tags = new Map<string, string>();
  for (const element of text.split(",")) {
    const equals = element.indexOf("=");
    if (equals < 0) {
      throw new VaultError(
        "CONFIG_INVALID_SETTING",
        `${source.subject} must be ${FORMAT}: element '${element}' has no '='`,
        { location: source.location, profile: source.profile },
      );
    }
    tags.set(element.slice(0, equals).trim(), element.slice(equals + 1).trim());
  }
  // fromEntries defines own properties, so a tag named `__proto__` stays a tag.
  return Object.fromEntries(tags);
}

/** Parses `k1,k2` like aws-vault: split on `,`, trim, drop empty keys. */
export function parseTransitiveTags(text: string): readonly string[] {
  return text
    .split(",")
    .map((key) => key.trim())
    .filter((key) => key !== "");
}
