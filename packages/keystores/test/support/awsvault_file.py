#!/usr/bin/python3
"""aws-vault's file backend, rebuilt on an independent JOSE implementation (Debian python3-jwcrypto).

    awsvault_file.py write DIR   < {"passphrase": ..., "items": [{"key", "data", "label", "description", "notTrust"}]}
    awsvault_file.py read DIR    < {"passphrase": ...}

`write` makes each file as 99designs/keyring's fileKeyring.Set does: Go's json.Marshal(keyring.Item),
then jose2go's Encrypt(PBES2-HS256+A128KW, A256GCM, p2c 8192, 12-byte p2s, header "created"), named
percent.Encode(key, "/"), mode 0600, no trailing newline. `read` decrypts every file and prints, per
file, the protected header as written, the payload, and the payload aws-vault would have written for
the item it holds, so a test can compare them byte for byte. Secrets come on stdin, never in argv.
"""
import base64
import json
import os
import sys
import time

from jwcrypto import jwa, jwe, jwk
from jwcrypto.common import base64url_encode

_randombits = jwa._randombits


def _aws_vault_randombits(bits):
    # jwcrypto draws a 16-byte p2s; jose2go (aws-vault) draws 12. The CEK (256) and IV (96) are unchanged.
    return _randombits(96 if bits == 128 else bits)


jwa._randombits = _aws_vault_randombits


def go_json_string(value):
    text = json.dumps(value, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def go_marshal_item(key, data, label, description, not_trust):
    return (
        '{"Key":%s,"Data":"%s","Label":%s,"Description":%s,"KeychainNotTrustApplication":%s,"KeychainNotSynchronizable":false}'
        % (
            go_json_string(key),
            base64.b64encode(data).decode("ascii"),
            go_json_string(label),
            go_json_string(description),
            "true" if not_trust else "false",
        )
    )


def percent_encode(key):
    return key.replace("%", "%25").replace("/", "%2F")


def go_time_string():
    # Go's time.Now().String(), monotonic reading included: "2024-06-01 19:20:00.123456789 +1000 AEST m=+0.004817263"
    now = time.time_ns()
    local = time.localtime(now // 10**9)
    fraction = ("%09d" % (now % 10**9)).rstrip("0")
    offset = time.strftime("%z", local)
    return "%s%s %s %s m=+0.004817263" % (
        time.strftime("%Y-%m-%d %H:%M:%S", local),
        "." + fraction if fraction else "",
        offset,
        time.strftime("%Z", local),
    )


def key_for(passphrase):
    return jwk.JWK(kty="oct", k=base64url_encode(passphrase.encode("utf-8")))


def write(directory, request):
    os.makedirs(directory, mode=0o700, exist_ok=True)
    for item in request["items"]:
        not_trust = item.get("notTrust", False)
        payload = go_marshal_item(item["key"], item["data"].encode("utf-8"), item.get("label", ""), item.get("description", ""), not_trust)
        header = {"alg": "PBES2-HS256+A128KW", "created": go_time_string(), "enc": "A256GCM"}
        token = jwe.JWE(payload.encode("utf-8"), protected=json.dumps(header, sort_keys=True, separators=(",", ":")))
        token.add_recipient(key_for(request["passphrase"]))
        path = os.path.join(directory, percent_encode(item["key"]))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(token.serialize(compact=True))


def read(directory, request):
    results = []
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), "rb") as f:
            raw = f.read()
        entry = {"file": name, "trailingNewline": raw.endswith(b"\n")}
        try:
            token = jwe.JWE()
            token.deserialize(raw.decode("ascii"), key=key_for(request["passphrase"]))
            payload = token.payload.decode("utf-8")
            item = json.loads(payload)
            protected = base64.urlsafe_b64decode(raw.split(b".")[0] + b"==").decode("utf-8")
            entry.update(
                header=protected,
                p2sBytes=len(base64.urlsafe_b64decode(json.loads(protected)["p2s"] + "==")),
                payload=payload,
                awsVaultPayload=go_marshal_item(
                    item["Key"], base64.b64decode(item["Data"]), item["Label"], item["Description"], item["KeychainNotTrustApplication"]
                ),
                data=base64.b64decode(item["Data"]).decode("utf-8"),
                nameMatchesKey=percent_encode(item["Key"]) == name,
            )
        except Exception as error:  # a test asserts on the message
            entry["error"] = "%s: %s" % (type(error).__name__, error)
        results.append(entry)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    command, directory = sys.argv[1], sys.argv[2]
    {"write": write, "read": read}[command](directory, json.load(sys.stdin))
