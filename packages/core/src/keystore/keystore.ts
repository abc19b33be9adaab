/** What a backend may record next to an item (aws-vault's Item.Label / Item.Description). */
export interface KeystoreSetOptions {
  readonly label?: string;
  readonly description?: string;
}

/**
 * One namespace of secrets, as aws-vault keeps them: `key` is a profile name, a session key or
 * `oidc:<start url>`, and the value is the item's data (aws-vault's JSON) as a string.
 */
export interface Keystore {
  /** The backend name as `--backend` spells it ("file", "pass", "keyctl", ...). */
  readonly name: string;
  /** The item's data, or undefined when there is no such item. */
  get(key: string): Promise<string | undefined>;
  /** Creates or replaces the item. */
  set(key: string, value: string, options?: KeystoreSetOptions): Promise<void>;
  /** True when an item was removed, false when there was none. */
  remove(key: string): Promise<boolean>;
  /** Every key in the namespace (foreign entries included, as aws-vault lists them). */
  keys(): Promise<string[]>;
  /** Why `key` cannot be stored here (a file name too long, ...), or undefined: checked before work is spent. */
  keyProblem?(key: string): string | undefined;
}
