// `pnpm bench`'s floor: the least a cache hit on the file backend can do, with no CLI around it. It reads the
// config, lists the keystore, decrypts one session item (PBKDF2, AES key unwrap, AES-GCM) and prints JSON.
// Not a product path: a yardstick for what starting Node and node:crypto cost before vault-cli's own code.
const fs = require("node:fs");
const crypto = require("node:crypto");
fs.readFileSync(process.env.AWS_CONFIG_FILE, "utf8");
const item = process.argv[2];
fs.readdirSync(require("node:path").dirname(item));
const [header, key, iv, ciphertext, tag] = fs.readFileSync(item, "utf8").split(".");
const b64 = (part) => Buffer.from(part, "base64url");
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
const session = JSON.parse(Buffer.from(json.Data, "base64"));
fs.writeSync(1, `${JSON.stringify({ Version: 1, ...session }, null, 2)}\n`);
