#!/usr/bin/env node
// `pnpm bench`: every budget of docs/performance.md, measured on this machine, in one run of a few minutes.
// Each command runs in turn with its reference (A B A B ...; min and median of VAULT_CLI_BENCH_RUNS runs,
// default 21), as a user has it (a warm session cache, a warm code cache) against its own moto, a throwaway
// pass store and the session keyring it starts itself in. It prints which budgets hold, rewrites the
// measured part of docs/performance.md and docs/performance.json, and removes everything it made.
// Never part of `pnpm test`: a busy machine moves these figures, and no test asserts a time.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { basename, join } from "node:path";
import {
  bigConfig,
  fillFileKeystore,
  MAIN,
  passStore,
  secretService,
  smallConfig,
  startMoto,
  write,
} from "./bench/fixtures.mjs";
import { command, paired, peakRssMb, stats, together } from "./bench/measure.mjs";

// keyctl's session keyring is per process tree: start over inside a fresh one, which ends with the bench.
if (process.env.VAULT_CLI_BENCH_SESSION !== "1") {
  const argv = ["session", "-", process.execPath, ...process.argv.slice(1)];
  const env = { ...process.env, VAULT_CLI_BENCH_SESSION: "1" };
  const r = spawnSync("keyctl", argv, { stdio: "inherit", env });
  process.exit(r.status ?? 1);
}

const ROOT = new URL("..", import.meta.url).pathname;
const RUNS = Number(process.env.VAULT_CLI_BENCH_RUNS ?? 21);
const node = process.execPath;
const root = mkdtempSync(join(os.tmpdir(), "vault-cli-bench-"));
const stops = [];
const cleanUp = () => {
  for (const stop of stops.splice(0)) stop();
  rmSync(root, { recursive: true, force: true });
};
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

const rows = [];
try {
  await main();
} finally {
  cleanUp();
}

async function main() {
  const started = Date.now();
  if (!readdirSync(join(ROOT, "packages/cli/dist")).includes("cli.cjs"))
    throw new Error("run `pnpm build` first");
  const moto = await startMoto(root);
  stops.push(moto.stop);
  const pass = passStore(mkdir("pass"));
  stops.push(pass.stop);
  const keyring = await secretService(mkdir("secret-service"));
  stops.push(keyring.stop);
  const user = moto.iam("user", "bench");
  const roleArn = moto.iam("role", "BenchRole", user.arn).arn;

  // The user's environment: theirs, without AWS settings that would change what is measured.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(AWS_|VAULT_CLI_)/.test(k)),
  );
  const userEnv = (extra) => ({
    ...inherited,
    HOME: mkdir("home"),
    TMPDIR: mkdir("tmp"),
    AWS_CONFIG_FILE: write(join(root, "config"), smallConfig(roleArn)),
    AWS_SHARED_CREDENTIALS_FILE: join(root, "no-credentials"),
    AWS_ENDPOINT_URL: moto.url,
    ...extra,
  });
  const backends = {
    file: userEnv({
      AWS_VAULT_BACKEND: "file",
      AWS_VAULT_FILE_DIR: join(root, "file"),
      AWS_VAULT_FILE_PASSPHRASE: "bench",
    }),
    keyctl: userEnv({ AWS_VAULT_BACKEND: "keyctl", AWS_VAULT_KEYCTL_SCOPE: "session" }),
    pass: userEnv({ AWS_VAULT_BACKEND: "pass", ...pass.env }),
    secretService: userEnv({ AWS_VAULT_BACKEND: "secret-service", ...keyring.env }),
  };
  const vault = (env, ...args) =>
    execFileSync(node, [MAIN, ...args], {
      env: { ...env, AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey },
    });
  for (const env of Object.values(backends)) {
    vault(env, "add", "--env", "base");
    vault(env, "export", "--format=json", "role"); // the session the hits below read
  }
  const exportRole = ["export", "--format=json", "role"];
  const cli = (env, ...args) => command([node, MAIN, ...args], env);

  // Each process budget as the user has the environment, and again without NODE_EXTRA_CA_CERTS when it is
  // set (Node 20 reads the file at every start: ~30 ms, which makes every ratio look better than it is).
  const variants = [["", (env) => env]];
  if (process.env.NODE_EXTRA_CA_CERTS) {
    variants[0][0] = " (NODE_EXTRA_CA_CERTS set)";
    variants.push([" (NODE_EXTRA_CA_CERTS unset)", ({ NODE_EXTRA_CA_CERTS: _, ...env }) => env]);
  }
  const sdkProvider = join(ROOT, "packages/sdk-provider/dist/index.cjs");
  const clientSts = createRequire(sdkProvider).resolve("@aws-sdk/client-sts");
  const passItem = join(
    pass.env.AWS_VAULT_PASS_PASSWORD_STORE_DIR,
    readdirSync(pass.env.AWS_VAULT_PASS_PASSWORD_STORE_DIR).find((n) => n.startsWith("sts.")),
  );
  const keyctlRing = execFileSync("keyctl", ["search", "@s", "keyring", "aws-vault"]).toString().trim();
  const keyctlItem = execFileSync("keyctl", ["list", keyctlRing])
    .toString()
    .split("\n")
    .map((line) => line.split("user: ")[1])
    .find((name) => name?.startsWith("sts."));
  const secretServiceItem = await (async () => {
    const dist = join(ROOT, "packages/cli/dist/os-backends.cjs");
    const keystore = createRequire(dist)(dist).secretServiceKeystore({ env: backends.secretService });
    try {
      return (await keystore.keys()).find((name) => name.startsWith("sts."));
    } finally {
      keystore.close();
    }
  })();
  const floor = (env, mode, item) => command([node, join(ROOT, "scripts/bench/floor.cjs"), mode, item], env);
  const fileItem = join(
    backends.file.AWS_VAULT_FILE_DIR,
    readdirSync(backends.file.AWS_VAULT_FILE_DIR).find((n) => n.startsWith("sts.")),
  );

  for (const [label, of] of variants) {
    const nothing = (env) => command([node, "-e", "0"], of(env));
    const file = of(backends.file);
    budget(
      `cached \`export --format=json\` of a role, file backend${label}`,
      paired(cli(file, ...exportRole), [nothing(file)], RUNS),
      1.25,
      "`node -e 0`",
    );
    info(
      `its floor: the same work in 20 lines of node:crypto, no CLI (scripts/bench/floor.cjs)${label}`,
      paired(floor(file, "file", fileItem), [nothing(file)], RUNS),
      "`node -e 0`",
    );
    const keyctl = of(backends.keyctl);
    budget(
      `the same export, keyctl backend${label}`,
      paired(cli(keyctl, ...exportRole), [nothing(file)], RUNS),
      1.4,
      "`node -e 0`",
    );
    info(
      `its floor: the three \`keyctl\` runs aws-vault's layout needs (find the keyring, list it, read the key), no CLI${label}`,
      paired(floor(keyctl, "keyctl", keyctlItem), [nothing(file)], RUNS),
      "`node -e 0`",
    );
    const pass = of(backends.pass);
    const gpg = command(["gpg", "--quiet", "--batch", "--decrypt", passItem], pass);
    budget(
      `the same export, pass backend${label}`,
      paired(cli(pass, ...exportRole), [gpg, nothing(file)], RUNS),
      1.3,
      "`gpg --decrypt` of the item + `node -e 0`",
    );
    info(
      `its floor: the store listed and the item read with \`pass show\`, no CLI${label}`,
      paired(floor(pass, "pass", passItem), [gpg, nothing(file)], RUNS),
      "`gpg --decrypt` of the item + `node -e 0`",
    );
    const secretService = of(backends.secretService);
    budget(
      `the same export, secret-service backend (gnome-keyring)${label}`,
      paired(cli(secretService, ...exportRole), [nothing(file)], RUNS),
      1.5,
      "`node -e 0`",
    );
    info(
      `its floor: the backend alone (dist/os-backends.cjs: connect, open a DH session, unlock, search, read), no CLI${label}`,
      paired(floor(secretService, "secret-service", secretServiceItem), [nothing(file)], RUNS),
      "`node -e 0`",
    );
    budget(
      `\`vault-cli --version\`${label}`,
      paired(cli(file, "--version"), [nothing(file)], RUNS),
      1.1,
      "`node -e 0`",
    );
    const fromVault = command(
      [
        node,
        "-e",
        `require(${JSON.stringify(sdkProvider)}).fromVault("role")().then((c) => { if (!c.sessionToken) process.exit(3); })`,
      ],
      file,
    );
    const importSts = command([node, "-e", `require(${JSON.stringify(clientSts)})`], file);
    budget(
      `\`fromVault("role")()\` in a fresh process, cache hit${label}`,
      paired(fromVault, [importSts], RUNS),
      1.3,
      "a process that only imports `@aws-sdk/client-sts`",
    );
  }

  // fromVault's warm call, in one process.
  const warm = execFileSync(
    node,
    [
      "-e",
      `
    const p = require(${JSON.stringify(sdkProvider)}).fromVault("role");
    (async () => { await p(); const n = 200000; const t = performance.now();
      for (let i = 0; i < n; i++) await p();
      process.stdout.write(String((performance.now() - t) * 1e6 / n)); })();`,
    ],
    { env: backends.file, encoding: "utf8" },
  );
  record({
    budget: "`fromVault` warm call",
    value: `${Number(warm).toFixed(0)} ns per call (200,000 calls)`,
    limit: "< 1 µs",
    holds: Number(warm) < 1000,
  });

  // 5,000 profiles; 5,000 stored items.
  const big = {
    ...of0(backends.file),
    AWS_CONFIG_FILE: write(join(root, "config-5000"), bigConfig(5000, roleArn)),
  };
  const nothing = command([node, "-e", "0"], of0(backends.file));
  budget(
    "5,000 profiles: `explain role`",
    paired(cli(big, "explain", "role"), [nothing], RUNS),
    2,
    "`node -e 0`",
  );
  budget(
    "5,000 profiles: `list --profiles`",
    paired(cli(big, "list", "--profiles"), [nothing], RUNS),
    2.5,
    "`node -e 0`",
  );
  const manyDir = mkdir("file-5000");
  for (const name of readdirSync(backends.file.AWS_VAULT_FILE_DIR)) {
    writeFileSync(join(manyDir, name), readFileSync(join(backends.file.AWS_VAULT_FILE_DIR, name)));
  }
  fillFileKeystore(manyDir, 5000);
  const many = { ...of0(backends.file), AWS_VAULT_FILE_DIR: manyDir };
  budget("5,000 stored items: `list`", paired(cli(many, "list"), [nothing], RUNS), 2, "`node -e 0`");
  info(
    "its floor: the same table from the 5,001 names in 20 lines, no CLI",
    paired(floor(many, "list", manyDir), [nothing], RUNS),
    "`node -e 0`",
  );
  info(
    "`list` of the two items of the small keystore: what the CLI costs before the 5,000",
    paired(cli(of0(backends.file), "list"), [nothing], RUNS),
    "`node -e 0`",
  );
  budget(
    "5,000 stored items: cached `export --format=json`",
    paired(cli(many, ...exportRole), [nothing], RUNS),
    1.4,
    "`node -e 0`",
  );
  info(
    "its floor: the same work in 20 lines of node:crypto, no CLI, listing the 5,001 items",
    paired(floor(many, "file", join(manyDir, basename(fileItem))), [nothing], RUNS),
    "`node -e 0`",
  );

  // 20 exports at once on a cold cache, against one cold export.
  const coldDir = mkdir("file-cold");
  const cold = { ...of0(backends.file), AWS_VAULT_FILE_DIR: coldDir };
  vault(cold, "add", "--env", "base");
  const dropSessions = () => {
    for (const name of readdirSync(coldDir)) if (name.startsWith("sts.")) rmSync(join(coldDir, name));
  };
  const one = [];
  const twenty = [];
  const twentyHits = [];
  const twentyNodes = [];
  let extraCalls = 0;
  const rounds = Math.max(3, Math.round(RUNS / 4));
  for (let i = 0; i < rounds; i++) {
    dropSessions();
    one.push(await together([cli(cold, ...exportRole)]));
    dropSessions();
    const before = moto.count("AssumeRole");
    twenty.push(await together(Array.from({ length: 20 }, () => cli(cold, ...exportRole))));
    extraCalls += moto.count("AssumeRole") - before - 1;
    // What 20 processes cost on this machine at all: 20 cache hits, and 20 times `node -e 0`.
    twentyHits.push(await together(Array.from({ length: 20 }, () => cli(cold, ...exportRole))));
    twentyNodes.push(await together(Array.from({ length: 20 }, () => nothing)));
  }
  const single = stats(one);
  const parallel = stats(twenty);
  record({
    budget: "20 parallel cold exports (one hop: AssumeRole)",
    value: `${fmt(parallel.median)} ms (min ${fmt(parallel.min)}) vs one cold export ${fmt(single.median)} ms (min ${fmt(single.min)}), ${rounds} rounds; STS calls beyond one per round: ${extraCalls}; 20 parallel cache hits take ${fmt(stats(twentyHits).median)} ms and 20 parallel \`node -e 0\` ${fmt(stats(twentyNodes).median)} ms here`,
    ratio: parallel.median / single.median,
    limit: "<= 3x, one call per hop",
    holds: parallel.median / single.median <= 3 && extraCalls === 0,
  });

  // Peak memory.
  const rssDir = mkdir("rss");
  const rssHit = peakRssMb(cli(of0(backends.file), ...exportRole), rssDir, 9);
  const rssNode = peakRssMb(nothing, rssDir, 9);
  record({
    budget: "peak RSS of a cached export",
    value: `${rssHit.median.toFixed(1)} MB vs ${rssNode.median.toFixed(1)} MB for \`node -e 0\` (median of 9)`,
    limit: "<= +10 MB",
    holds: rssHit.median - rssNode.median <= 10,
  });

  report(started);
}

function of0(env) {
  const { NODE_EXTRA_CA_CERTS: _, ...rest } = env;
  return rest;
}

function mkdir(name) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function fmt(ms) {
  return ms.toFixed(1);
}

function budget(what, result, limit, reference) {
  const row = {
    budget: what,
    value: `${fmt(result.subject.median)} ms (min ${fmt(result.subject.min)}) vs ${fmt(result.reference.median)} ms (min ${fmt(result.reference.min)}) for ${reference}`,
    ratio: result.ratio,
    limit: `<= ${limit}x`,
    holds: result.ratio <= limit,
    runs: result.subject.runs,
  };
  record(row);
}

function record(row) {
  rows.push(row);
  const verdict = row.holds === undefined ? "n/a   " : row.holds ? "holds " : "MISSED";
  console.log(
    `${verdict} ${row.ratio ? `${row.ratio.toFixed(2)}x ` : ""}${row.limit}  ${row.budget}: ${row.value}`,
  );
}

function info(what, result, reference) {
  const row = {
    budget: what,
    value: `${fmt(result.subject.median)} ms (min ${fmt(result.subject.min)}) vs ${fmt(result.reference.median)} ms for ${reference}`,
    ratio: result.ratio,
    limit: "(reference)",
    reference: true,
  };
  // In the table under the budget it explains.
  rows.push(row);
  console.log(`       ${row.ratio.toFixed(2)}x         ${what}: ${row.value}`);
}

function report(started) {
  const cpus = os.cpus();
  const machine = {
    date: new Date().toISOString().slice(0, 10),
    commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim(),
    cpus: `${cpus.length} × ${cpus[0]?.model.trim()}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    nodeExtraCaCerts: process.env.NODE_EXTRA_CA_CERTS ? "set" : "unset",
    runs: RUNS,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  const held = rows.filter((r) => r.holds === true).length;
  const measured = rows.filter((r) => r.holds !== undefined).length;
  console.log(`\n${held} of ${measured} budgets hold (${machine.seconds} s)`);
  writeFileSync(
    join(ROOT, "docs/performance.json"),
    `${JSON.stringify({ machine, budgets: rows.filter((r) => !r.reference), references: rows.filter((r) => r.reference) }, null, 2)}\n`,
  );
  const cell = (text) => String(text).replaceAll("|", "\\|");
  const table = [
    "| budget | measured | ratio | limit | holds |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${cell(r.budget)} | ${cell(r.value)} | ${r.ratio ? `${r.ratio.toFixed(2)}x` : ""} | ${r.limit} | ${r.holds === undefined ? "" : r.holds ? "yes" : "**no**"} |`,
    ),
  ];
  const section = [
    "<!-- bench: written by `pnpm bench`; edit scripts/bench.mjs, not this table -->",
    "",
    `Measured ${machine.date} at ${machine.commit}: ${machine.cpus}, ${machine.memory}, ${machine.os}, Node ${machine.node}, NODE_EXTRA_CA_CERTS ${machine.nodeExtraCaCerts}; ${RUNS} paired runs each, ratio = median of the per-pair ratios; ${held} of ${measured} budgets hold; the run took ${machine.seconds} s. The same figures: docs/performance.json.`,
    "",
    ...table,
    "",
    "<!-- /bench -->",
  ].join("\n");
  const docs = join(ROOT, "docs/performance.md");
  const text = readFileSync(docs, "utf8");
  const start = text.indexOf("<!-- bench:");
  const end = text.indexOf("<!-- /bench -->");
  if (start < 0 || end < 0)
    throw new Error("docs/performance.md has no <!-- bench: --> ... <!-- /bench --> section");
  writeFileSync(docs, text.slice(0, start) + section + text.slice(end + "<!-- /bench -->".length));
  // The repository's formatter lays the table out as the lint expects it.
  spawnSync(
    join(ROOT, "node_modules/.bin/biome"),
    ["format", "--write", docs, join(ROOT, "docs/performance.json")],
    { stdio: "ignore" },
  );
}
