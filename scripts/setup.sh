#!/usr/bin/env bash
# Set-up command 1 of README.md: install everything, build, then show vault-cli at work on throwaway files
# (nothing touches ~/.aws or ~/.awsvault, and nothing reaches AWS).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-nodes.sh >/dev/null   # Node 22 and 24 for `pnpm test`, from the npm registry, cached
pnpm build

# A real `vault-cli` on PATH, not an alias: the AWS CLI runs `credential_process = vault-cli ...` without a shell.
# A link to the built CLI, so a rebuild is picked up; /usr/local/bin as root, else ~/.local/bin.
bin=/usr/local/bin
if [ ! -w "$bin" ]; then bin="$HOME/.local/bin"; mkdir -p "$bin"; fi
ln -sfn "$PWD/packages/cli/dist/main.cjs" "$bin/vault-cli"
case ":$PATH:" in
  *":$bin:"*) echo "vault-cli is installed as $bin/vault-cli" ;;
  *) echo "vault-cli is installed as $bin/vault-cli: add $bin to PATH" ;;
esac

demo=$(mktemp -d)
vault() { echo "\$ vault-cli $*" >&2; "$bin/vault-cli" "$@"; }
export AWS_CONFIG_FILE="$demo/config" AWS_VAULT_BACKEND=file AWS_VAULT_FILE_DIR="$demo/keys"
export AWS_VAULT_FILE_PASSPHRASE=demo-passphrase
echo
echo "== the encrypted file keystore in $demo/keys, with its passphrase from the environment"
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
  vault add --env demo
vault list
vault exec --no-session demo -- sh -c 'echo "in the child: AWS_VAULT=$AWS_VAULT AWS_ACCESS_KEY_ID=****${AWS_ACCESS_KEY_ID#????????????????}"'
echo
echo "== how a role chain of examples/aws-config would be served"
AWS_CONFIG_FILE=examples/aws-config vault explain prod-readonly
rm -rf "$demo"
