#!/usr/bin/env bash
# The root commands as a user types them (CI runs this on a clean clone, before anything is built):
# `pnpm -s eventkit` from a package folder builds visibly on stderr, keeps stdout for the CLI, has
# no colour under NO_COLOR; `pnpm mock` starts eventkit-mock.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
fail() { echo "check-root-commands: $1" >&2; echo "--- stdout" >&2; cat "$out" >&2; echo "--- stderr" >&2; cat "$err" >&2; exit 1; }

(cd packages/runtime && NO_COLOR=1 pnpm -s eventkit --help >"$out" 2>"$err") || fail "pnpm -s eventkit --help from packages/runtime exited $?"
head -1 "$out" | grep -q '^Usage: eventkit' || fail "stdout does not start with the CLI's usage"
grep -qi 'turbo' "$out" && fail "turbo's output is on stdout"
grep -q 'building @eventkit/events .* done' "$err" || fail "no visible build step on stderr"
grep -q $'\e' "$out" "$err" && fail "colour codes under NO_COLOR"

NO_COLOR=1 pnpm -s mock --help >"$out" 2>"$err" || fail "pnpm mock --help exited $?"
grep -q 'Usage: eventkit-mock' "$out" || fail "pnpm mock does not run eventkit-mock"
echo "root commands: ok"
