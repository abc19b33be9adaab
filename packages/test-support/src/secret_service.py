"""Another Secret Service client, for interop tests: Debian's python3-dbus (run with /usr/bin/python3).

  secret_service.py create-collection NAME     (password on stdin; gnome-keyring's own interface, no prompt)
  secret_service.py lock NAME
  secret_service.py unlock NAME                (password on stdin; gnome-keyring's own interface, no prompt)
  secret_service.py store NAME KEY             (the item JSON on stdin; aws-vault's label, attribute, content type)
  secret_service.py search NAME KEY            (prints a JSON list of {path, label, attributes, secret, content_type})
"""
import json
import sys

import dbus

bus = dbus.SessionBus()
ROOT = "/org/freedesktop/secrets"
service = dbus.Interface(bus.get_object("org.freedesktop.secrets", ROOT), "org.freedesktop.Secret.Service")
_, session = service.OpenSession("plain", dbus.String("", variant_level=1))


def collection_path(name):
    props = dbus.Interface(bus.get_object("org.freedesktop.secrets", ROOT), "org.freedesktop.DBus.Properties")
    for path in props.Get("org.freedesktop.Secret.Service", "Collections"):
        if str(path) == ROOT + "/collection/" + name:
            return path
    raise SystemExit("no collection " + name)


def collection(name):
    return dbus.Interface(bus.get_object("org.freedesktop.secrets", collection_path(name)), "org.freedesktop.Secret.Collection")


command, name = sys.argv[1], sys.argv[2]
if command == "create-collection":
    internal = dbus.Interface(
        bus.get_object("org.freedesktop.secrets", ROOT), "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"
    )
    password = sys.stdin.buffer.read()
    secret = dbus.Struct((session, dbus.ByteArray(b""), dbus.ByteArray(password), "text/plain"))
    internal.CreateWithMasterPassword({"org.freedesktop.Secret.Collection.Label": name}, secret)
elif command == "lock":
    service.Lock([collection_path(name)])
elif command == "unlock":
    internal = dbus.Interface(
        bus.get_object("org.freedesktop.secrets", ROOT), "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"
    )
    password = sys.stdin.buffer.read()
    secret = dbus.Struct((session, dbus.ByteArray(b""), dbus.ByteArray(password), "text/plain"))
    internal.UnlockWithMasterPassword(collection_path(name), secret)
elif command == "store":
    key = sys.argv[3]
    value = sys.stdin.buffer.read()
    props = {
        "org.freedesktop.Secret.Item.Label": key,
        "org.freedesktop.Secret.Item.Attributes": dbus.Dictionary({"profile": key}, signature="ss"),
    }
    secret = dbus.Struct((session, dbus.ByteArray(b""), dbus.ByteArray(value), "application/json"))
    collection(name).CreateItem(props, secret, True)
elif command == "search":
    found = []
    for path in collection(name).SearchItems({"profile": sys.argv[3]}):
        item = bus.get_object("org.freedesktop.secrets", path)
        props = dbus.Interface(item, "org.freedesktop.DBus.Properties")
        secret = dbus.Interface(item, "org.freedesktop.Secret.Item").GetSecret(session)
        found.append(
            {
                "path": str(path),
                "label": str(props.Get("org.freedesktop.Secret.Item", "Label")),
                "attributes": {str(k): str(v) for k, v in props.Get("org.freedesktop.Secret.Item", "Attributes").items()},
                "secret": bytes(secret[2]).decode("utf-8"),
                "content_type": str(secret[3]),
            }
        )
    print(json.dumps(found))
else:
    raise SystemExit("unknown command " + command)
