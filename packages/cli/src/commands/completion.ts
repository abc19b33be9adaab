import type { Command } from "../command.js";
import { COMPLETION_SCRIPTS, type Shell } from "../completion/scripts.js";
import { usageError } from "../usage-error.js";

export const completionCommand: Command = {
  name: "completion",
  summary: "Print a shell completion script (bash, zsh or fish)",
  usage: `Usage: vault-cli completion <bash|zsh|fish>

Print a completion script that completes commands, flags and profile names.

  bash:  eval "$(vault-cli completion bash)"          (e.g. in ~/.bashrc)
  zsh:   eval "$(vault-cli completion zsh)"           (in ~/.zshrc, after compinit)
  fish:  vault-cli completion fish | source           (or save to ~/.config/fish/completions/vault-cli.fish)
`,
  flags: [],
  takesProfile: false,
  async run(args, io) {
    const shell = args[0];
    if (!shell || !(shell in COMPLETION_SCRIPTS) || args.length > 1) {
      throw usageError("completion", shell ? `unknown shell '${shell}'` : "missing <shell>");
    }
    io.stdout(COMPLETION_SCRIPTS[shell as Shell]);
    return 0;
  },
};
