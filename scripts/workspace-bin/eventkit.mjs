#!/usr/bin/env node
// `eventkit` from any folder of the repo: built from source first (../run-cli.mjs).
process.argv.splice(2, 0, "eventkit");
await import("../run-cli.mjs");
