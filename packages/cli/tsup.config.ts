import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig, type Options } from "tsup";
import { BASE } from "../../tsup.base.js";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

// jose as the file backend resolves it (the CLI itself does not import it).
const jose = createRequire(new URL("../keystores/package.json", import.meta.url)).resolve("jose");

/** dist/<file> as the bundle sees it: a module whose exports are the sibling's, loaded with the code cache. */
const sibling = (file: string) => ({ path: file, namespace: "sibling" });

/** The modules `sibling` names: each hands its import() to siblingExports (src/entry/sibling.ts). */
const siblingLoader: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "sibling-loader",
  setup(build) {
    build.onLoad({ filter: /.*/, namespace: "sibling" }, (args) => ({
      contents: `module.exports = require("./sibling.ts").siblingExports(${JSON.stringify(args.path)});`,
      resolveDir: fileURLToPath(new URL("./src/entry", import.meta.url)),
      loader: "js",
    }));
  },
};

/**
 * The file backend import()s jose on first use. Bundled into main.cjs, its 118 KB cost every start about
 * 8 ms of parsing (--version included); as a sibling dist/jose.cjs it is only read when an item is
 * decrypted or encrypted. (tsup's `splitting` for CommonJS mangles jose's class fields.)
 */
const joseAsSibling: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "jose-as-sibling",
  setup(build) {
    build.onResolve({ filter: /^jose$/ }, () => sibling("jose.cjs"));
  },
};

/**
 * The STS, SSO and IAM adapters import() their SDK module on their first call (a cache miss; IAM for
 * `rotate`). As siblings dist/sdk-sts.cjs, dist/sdk-sso.cjs and dist/sdk-iam.cjs, with the SDK clients bundled
 * into them, the cache-hit path never reads them, and an STS user never reads the SSO clients.
 */
const sdkChunksAsSiblings: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "sdk-chunks-as-siblings",
  setup(build) {
    // From sdk-provider's source (`./sdk-sts.js`) or its built ESM chunk (`./sdk-sts-<hash>.js`).
    build.onResolve({ filter: /^\.\/sdk-(sts|sso|iam)(-[\w-]+)?\.js$/ }, (args) =>
      args.importer.includes("sdk-provider") ? sibling(`${args.path.slice(2, 9)}.cjs`) : undefined,
    );
  },
};

/**
 * The desktop keystores (secret-service, keychain, wincred, kwallet) and the D-Bus client: the keystores package
 * import()s them on first use; as the sibling dist/os-backends.cjs, a file, pass or keyctl hit never reads them.
 */
const osBackendsAsSibling: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "os-backends-as-sibling",
  setup(build) {
    build.onResolve({ filter: /^\.\/os-backends(-[\w-]+)?\.js$/ }, (args) =>
      args.importer.includes("keystores") ? sibling("os-backends.cjs") : undefined,
    );
  },
};

// CommonJS: it starts a few ms faster than ESM on Node 20 (reference/dependencies.md §7).
// Workspace packages are bundled in; anything heavy must stay behind a lazy require().
export default defineConfig({
  ...BASE,
  entry: {
    main: "src/main.ts",
    cli: "src/cli-main.ts",
    "agent-daemon": "src/agent/agent-daemon.ts",
    jose,
    "sdk-sts": "../sdk-provider/src/sts/sdk-sts.ts",
    "sdk-sso": "../sdk-provider/src/sso/sdk-sso.ts",
    "sdk-iam": "../sdk-provider/src/iam/sdk-iam.ts",
    "os-backends": "../keystores/src/os-backends.ts",
  },
  format: ["cjs"],
  outExtension: () => ({ js: ".cjs" }),
  platform: "node",
  noExternal: [/^@vault-cli\//],
  esbuildPlugins: [joseAsSibling, sdkChunksAsSiblings, osBackendsAsSibling, siblingLoader],
  // import() of a sibling .cjs goes through Node's CJS export lexer (about 19 ms for jose's 116 KB on every
  // cache hit); as require() it is a plain load.
  esbuildOptions(options) {
    options.supported = { ...options.supported, "dynamic-import": false };
  },
  banner: { js: "#!/usr/bin/env node" },
  define: {
    __VAULT_CLI_VERSION__: JSON.stringify(version),
    // The SDK bundled in dist/sdk-sts.cjs and sdk-sso.cjs warns on Node 20 that its 2027 releases need Node 22: not the user's
    // concern, and vault-cli's stderr is theirs. Set at build time, so no variable leaks into exec's child.
    "process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED": JSON.stringify("true"),
  },
});
