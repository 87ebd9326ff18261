#!/usr/bin/env bash
# pnpm 10 is the workspace's package manager. corepack cannot be used on machines that reject its
# signature check, and pnpm 11 needs Node 22, so install pnpm 10 from the npm registry if missing.
set -euo pipefail
if command -v pnpm >/dev/null 2>&1 && [[ "$(pnpm --version 2>/dev/null)" == 10.* ]]; then
  exit 0
fi
npm install -g pnpm@10 >/dev/null
pnpm --version >/dev/null
