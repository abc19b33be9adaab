import { VaultError } from "../errors.js";
import { classifyKey } from "../session/session-key.js";
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from "./base64.js";
import { goField, goJsonString, parseJsonObject } from "./go-json.js";

/**
 * The 99designs/keyring `Item` wrapper that the file, pass, kwallet and secret-service backends
 * store around the data: Go's json.Marshal of the struct, `Data` in padded standard base64.
 */
export interface KeyringItem {
  readonly key: string;
  readonly data: string;
  readonly label: string;
  readonly description: string;
  /** aws-vault sets it for long-term credentials only (macOS then asks before every read). */
  readonly keychainNotTrustApplication: boolean;
  readonly keychainNotSynchronizable: boolean;
}

export type KeyringItemInput = Pick<KeyringItem, "key" | "data"> & Partial<Omit<KeyringItem, "key" | "data">>;

/** Byte for byte what aws-vault writes; the trust flag defaults to what aws-vault sets for this kind of key. */
export function encodeKeyringItem(item: KeyringItemInput): string {
  const notTrust = item.keychainNotTrustApplication ?? classifyKey(item.key) === "credentials";
  return (
    `{"Key":${goJsonString(item.key)}` +
    `,"Data":"${base64Encode(utf8Encode(item.data), "std")}"` +
    `,"Label":${goJsonString(item.label ?? "")}` +
    `,"Description":${goJsonString(item.description ?? "")}` +
    `,"KeychainNotTrustApplication":${notTrust}` +
    `,"KeychainNotSynchronizable":${item.keychainNotSynchronizable ?? false}}`
  );
}

/** Reads the wrapper leniently (any letter case, unknown fields, optional padding); `what` names it in errors. */
export function decodeKeyringItem(json: string, what = "item"): KeyringItem {
  const object = parseJsonObject(json);
  if (!object) throw new VaultError("KEYSTORE_CORRUPT", `${what} is not a keyring item (not a JSON object)`);
  const text = (name: string): string => {
    const value = goField(object, name);
    if (value === undefined || value === null) return "";
    if (typeof value !== "string")
      throw new VaultError("KEYSTORE_CORRUPT", `${what} has a non-string ${name}`);
    return value;
  };
  const bytes = base64Decode(text("Data").replace(/[\r\n]/g, ""), "std");
  if (!bytes) throw new VaultError("KEYSTORE_CORRUPT", `${what} has Data that is not base64`);
  return {
    key: text("Key"),
    data: utf8Decode(bytes),
    label: text("Label"),
    description: text("Description"),
    keychainNotTrustApplication: goField(object, "KeychainNotTrustApplication") === true,
    keychainNotSynchronizable: goField(object, "KeychainNotSynchronizable") === true,
  };
}
