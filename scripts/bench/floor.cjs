// `pnpm bench`'s floors: the least a cache hit on a backend can do, with no CLI around it. Each reads the config,
// lists the keystore, reads one session item the way the backend must, and prints the credential_process JSON.
// Not a product path: a yardstick for what starting Node, node:crypto and the backend's own programs cost
// before vault-cli's code. `floor.cjs file <item>`, `floor.cjs keyctl <key>`, `floor.cjs pass <entry file>`,
// `floor.cjs secret-service <key>`, `floor.cjs list <keys dir>`.
const fs = require("node:fs");
const { dirname, join, relative } = require("node:path");

const [mode, item] = process.argv.slice(2);
fs.readFileSync(process.env.AWS_CONFIG_FILE, "utf8");
const b64 = (part) => Buffer.from(part, "base64url");
const print = (session) => fs.writeSync(1, `${JSON.stringify({ Version: 1, ...session }, null, 2)}\n`);
const run = (file, args, env) => require("node:child_process").execFileSync(file, args, { env });

if (mode === "file") {
  // PBKDF2, AES key unwrap, AES-GCM: aws-vault's JWE.
  const crypto = require("node:crypto");
  fs.readdirSync(dirname(item));
  const [header, key, iv, ciphertext, tag] = fs.readFileSync(item, "utf8").split(".");
  const { alg, p2s, p2c } = JSON.parse(b64(header));
  const salt = Buffer.concat([Buffer.from(alg), Buffer.from([0]), b64(p2s)]);
  const kek = crypto.pbkdf2Sync(process.env.AWS_VAULT_FILE_PASSPHRASE, salt, p2c, 16, "sha256");
  const unwrap = crypto.createDecipheriv("id-aes128-wrap", kek, Buffer.from("A6A6A6A6A6A6A6A6", "hex"));
  const cek = Buffer.concat([unwrap.update(b64(key)), unwrap.final()]);
  const gcm = crypto
    .createDecipheriv("aes-256-gcm", cek, b64(iv))
    .setAAD(Buffer.from(header))
    .setAuthTag(b64(tag));
  const json = JSON.parse(Buffer.concat([gcm.update(b64(ciphertext)), gcm.final()]));
  print(JSON.parse(Buffer.from(json.Data, "base64")));
} else if (mode === "keyctl") {
  // aws-vault's layout: find the `aws-vault` keyring in the session keyring, list it, read the key.
  const ring = run("keyctl", ["search", "@s", "keyring", "aws-vault"]).toString().trim();
  const listing = run("keyctl", ["list", ring]).toString();
  const id = listing
    .split("\n")
    .find((line) => line.endsWith(`user: ${item}`))
    .split(":")[0];
  print(JSON.parse(run("keyctl", ["pipe", id])));
} else if (mode === "pass") {
  // The store listed, the entry read with `pass show` (gpg underneath), as the backend must.
  const store = process.env.AWS_VAULT_PASS_PASSWORD_STORE_DIR;
  fs.readdirSync(store);
  const entry = relative(store, item).replace(/\.gpg$/, "");
  const env = { ...process.env, PASSWORD_STORE_DIR: store };
  const json = JSON.parse(run("pass", ["show", "--", entry], env));
  print(JSON.parse(Buffer.from(json.Data, "base64")));
} else if (mode === "secret-service") {
  // The backend alone, as the CLI bundles it (dist/os-backends.cjs, vault-cli's D-Bus client): connect and
  // authenticate, open a DH session, find and unlock the collection, search the item, read its secret.
  const { secretServiceKeystore } = require(join(__dirname, "../../packages/cli/dist/os-backends.cjs"));
  const keystore = secretServiceKeystore({ env: process.env });
  keystore
    .keys()
    .then(() => keystore.get(item))
    .then((data) => {
      print(JSON.parse(data));
      keystore.close();
    });
} else if (mode === "list") {
  // aws-vault's table from the names alone: config profiles, then credentials and sessions no profile owns.
  const config = fs.readFileSync(process.env.AWS_CONFIG_FILE, "utf8");
  const profiles = [...config.matchAll(/^\[(?:profile )?([^\]]+)\]/gm)].map((m) => m[1]);
  const now = Date.now() / 1000;
  const rows = [
    ["Profile", "Credentials", "Sessions"],
    ["=======", "===========", "========"],
  ];
  const names = fs.readdirSync(item).sort();
  const sessions = new Map();
  for (const name of names) {
    const m = /^([^,]+),([\w-]+),([\w-]*),(\d+)$/.exec(name);
    if (!m) continue;
    const owner = Buffer.from(m[2], "base64url").toString();
    sessions.set(owner, [...(sessions.get(owner) ?? []), `${m[1]}:${Math.trunc(m[4] - now)}s`]);
  }
  const credentials = new Set(names.filter((name) => !name.includes(",")));
  for (const p of profiles) rows.push([p, credentials.has(p) ? p : "-", sessions.get(p)?.join(", ") ?? "-"]);
  for (const name of credentials) if (!profiles.includes(name)) rows.push(["-", name, "-"]);
  for (const [owner, labels] of sessions)
    if (!profiles.includes(owner)) rows.push(["-", "-", labels.join(", ")]);
  const widths = [0, 1, 2].map((i) => Math.max(25, ...rows.map((row) => row[i].length + 2)));
  fs.writeSync(1, rows.map((row) => `${row.map((c, i) => c.padEnd(widths[i])).join("")}\n`).join(""));
} else {
  throw new Error(`floor.cjs: unknown mode '${mode}' (file, keyctl or pass)`);
}
