import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { assertBuilt, binDir, runBuilt } from "@vault-cli/test-support";
import { beforeAll, describe, expect, it } from "vitest";
import { tempConfig } from "./support/test-io.js";

const exampleFile = new URL("../../../examples/aws-config", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

beforeAll(assertBuilt);

describe("the built vault-cli binary", () => {
  it("prints the package version", () => {
    expect(runBuilt(["--version"], {}).stdout).toBe(`${pkg.version}\n`);
  });

  it("explains a profile of the example config", () => {
    const { code, stdout, stderr } = runBuilt(["explain", "prod-readonly"], {
      AWS_CONFIG_FILE: exampleFile,
      AWS_VAULT_BACKEND: "file",
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("AssumeRole arn:aws:iam::333333333333:role/readonly for 'prod-readonly'");
  });

  it("exits 1 with file, line and profile for a typo'd source_profile", () => {
    const { configFile } = tempConfig(
      "[profile u]\n[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = uu\n",
    );
    const { code, stdout, stderr } = runBuilt(["explain", "r"], {
      AWS_CONFIG_FILE: configFile,
      AWS_VAULT_BACKEND: "file",
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^vault-cli: error: explain: /);
    expect(stderr).toContain(`${configFile}:4`);
    expect(stderr).toContain("'r'");
    expect(stderr).toContain("'uu'");
  });
});

describe("shell completion", () => {
  // Clean shells: no rc files, a throwaway HOME, only our PATH entry in front.
  const env = () => ({
    PATH: `${binDir()}:${process.env.PATH}`,
    HOME: tempConfig("").home,
    AWS_CONFIG_FILE: exampleFile,
  });
  const flags: Record<string, string[]> = {
    bash: ["--norc", "--noprofile"],
    zsh: ["-f"],
    fish: ["--no-config"],
  };
  const sh = (shell: string, script: string) => {
    const r = spawnSync(shell, [...(flags[shell] ?? []), "-c", script], { encoding: "utf8", env: env() });
    expect(r.stderr).toBe("");
    return r.stdout.split("\n").filter(Boolean);
  };

  it("bash completes commands, flags and profile names", () => {
    const load = 'eval "$(vault-cli completion bash)"; ';
    const words = (w: string, cword: number) =>
      `${load} COMP_WORDS=(${w}); COMP_CWORD=${cword}; _vault_cli; printf '%s\\n' "\${COMPREPLY[@]}"`;
    expect(sh("bash", words("vault-cli ex", 1))).toEqual(["exec", "export", "explain"]);
    expect(sh("bash", words("vault-cli expl", 1))).toEqual(["explain"]);
    expect(sh("bash", words("vault-cli explain prod", 2))).toEqual(["prod-admin", "prod-readonly"]);
    expect(sh("bash", words("vault-cli explain --js", 2))).toEqual(["--json"]);
  });

  it("fish completes profile names", () => {
    const out = sh("fish", "vault-cli completion fish | source; complete -C 'vault-cli explain prod'");
    expect(out).toEqual(["prod-admin", "prod-readonly"]);
    expect(sh("fish", "vault-cli completion fish | source; complete -C 'vault-cli '")).toEqual(
      expect.arrayContaining(["explain", "list", "completion"]),
    );
  });

  it("zsh's completion function offers profile names to compadd", () => {
    // compsys needs a terminal; stub compdef/compadd and call the function as zsh would.
    const script =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh parameter expansion, not a JS placeholder
      'compdef() { :; }; compadd() { print -l -- "${(@P)2}"; }; eval "$(vault-cli completion zsh)"; ' +
      "words=(vault-cli explain prod); CURRENT=3; _vault_cli";
    expect(sh("zsh", script)).toEqual(["prod-admin", "prod-readonly"]);
  });
});
