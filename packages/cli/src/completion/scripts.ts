/**
 * Static completion scripts, like aws-vault's contrib/completions: each asks the binary itself
 * (`vault-cli __complete <words before the cursor> <current word>`) so profile names are always fresh.
 */
export const COMPLETION_SCRIPTS = {
  bash: `# vault-cli bash completion: eval "$(vault-cli completion bash)"
_vault_cli() {
  local cur=\${COMP_WORDS[COMP_CWORD]}
  local IFS=$'\\n'
  COMPREPLY=($(vault-cli __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null))
}
complete -o default -F _vault_cli vault-cli
`,
  zsh: `#compdef vault-cli
# vault-cli zsh completion: eval "$(vault-cli completion zsh)" (after compinit)
_vault_cli() {
  local -a candidates
  candidates=(\${(f)"$(vault-cli __complete "\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}" 2>/dev/null)"})
  if (( \${#candidates} )); then compadd -a candidates; else _files; fi
}
compdef _vault_cli vault-cli
`,
  fish: `# vault-cli fish completion: vault-cli completion fish | source
function __vault_cli_complete
    set -l words (commandline -opc)
    vault-cli __complete $words[2..-1] "$(commandline -ct)" 2>/dev/null
end
complete -c vault-cli -f -a '(__vault_cli_complete)'
`,
} as const;

export type Shell = keyof typeof COMPLETION_SCRIPTS;
