#!/usr/bin/env node
// `pnpm release [--dry-run]`: pack every published package through its own `prepack` build, as publishing does,
// and run the consumer checks (test/release/packages.test.ts) on those tarballs: installed with npm into an empty
// directory, used from CommonJS, ESM and TypeScript, the CLI installed globally and run by the AWS CLI, publint
// and arethetypeswrong. With --dry-run it stops there; otherwise `changeset publish` publishes the versions that
// `pnpm version-packages` set and the registry does not have yet.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

const dryRun = process.argv.includes("--dry-run");
const unknown = process.argv.slice(2).filter((arg) => arg !== "--dry-run");
if (unknown.length > 0) {
  console.error(`release: unknown argument ${unknown[0]}; usage: pnpm release [--dry-run]`);
  process.exit(2);
}

for (const dir of ["core", "keystores", "sdk-provider", "cli"]) {
  const { name, version } = JSON.parse(readFileSync(`packages/${dir}/package.json`, "utf8"));
  console.log(`${name}@${version}`);
}

const step = (command, args, env = {}) => {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`release: '${command} ${args.join(" ")}' failed; nothing was published`);
    process.exit(1);
  }
};

// From nothing built: each package's prepack must build it, as on a fresh clone.
for (const dir of ["core", "keystores", "sdk-provider", "cli"]) {
  rmSync(`packages/${dir}/dist`, { recursive: true, force: true });
}
step("pnpm", ["exec", "vitest", "run", "test/release"], { VAULT_CLI_RELEASE_PREPACK: "1" });
if (dryRun) {
  console.log(
    "\nrelease --dry-run: every package packs and passes the consumer checks; nothing was published",
  );
} else {
  step("pnpm", ["exec", "changeset", "publish"]);
}
