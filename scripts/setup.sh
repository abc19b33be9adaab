#!/usr/bin/env bash
# Set-up command 1 of README.md: install everything, build, and run vault-cli on the example config.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
pnpm build
echo
echo "\$ AWS_CONFIG_FILE=examples/aws-config vault-cli explain prod-readonly"
AWS_CONFIG_FILE=examples/aws-config node packages/cli/dist/main.cjs explain prod-readonly
