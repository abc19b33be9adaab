#!/usr/bin/env bash
# Installs everything vault-cli needs to build and test on a fresh Debian 12 machine with Node 20:
# the Debian packages of scripts/apt-packages.txt (as root, only those missing), pnpm, and the
# workspace's npm dependencies from the committed lockfile. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
if [ -f scripts/apt-packages.txt ]; then
  while read -r pkg; do
    [ -z "$pkg" ] || [ "${pkg#\#}" != "$pkg" ] && continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done < scripts/apt-packages.txt
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing Debian packages (run as root to install): ${missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

want_pnpm=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if [ "$(pnpm --version 2>/dev/null || true)" != "$want_pnpm" ]; then
  echo "install-deps: npm install -g pnpm@$want_pnpm"
  npm install -g --silent "pnpm@$want_pnpm"
fi
pnpm install --frozen-lockfile

# The tests run moto (a local STS/IAM) and the AWS CLI v1 from the python3 on PATH; neither comes from apt or npm.
# Say so plainly instead of letting tests fail one by one.
if ! python3 -c 'import moto, botocore' 2>/dev/null || ! aws --version >/dev/null 2>&1; then
  echo "install-deps: the tests need python3 with moto[server] and the AWS CLI v1 on PATH" \
    "(pip install 'moto[server]' awscli)" >&2
  exit 1
fi
