import type { Command } from "../command.js";
import { COMPLETION_SCRIPTS, type Shell } from "../completion/scripts.js";
import { usageError } from "../usage-error.js";

export const completionCommand: Command = {
  name: "completion",
  summary: "Print a shell completion script (bash, zsh or fish)",
  args: "<bash|zsh|fish>",
  description: `Print a completion script that completes commands, flags and profile names.

  bash:  eval "$(vault-cli completion bash)"          (e.g. in ~/.bashrc)
  zsh:   eval "$(vault-cli completion zsh)"           (in ~/.zshrc, after compinit)
  fish:  vault-cli completion fish | source           (or save to ~/.config/fish/completions/vault-cli.fish)`,
  flags: [],
  positional: "shell",
  async run({ positionals }, { io }) {
    const shell = positionals[0];
    if (!shell || !(shell in COMPLETION_SCRIPTS) || positionals.length > 1) {
      throw usageError("completion", shell ? `unknown shell '${shell}'` : "missing <shell>");
    }
    io.stdout(COMPLETION_SCRIPTS[shell as Shell]);
    return 0;
  },
};
