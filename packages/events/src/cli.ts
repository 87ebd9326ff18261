#!/usr/bin/env node
import { main } from "./cli/main.js";

// `eventkit --help | head`: a reader that stops early is not an error. While a listing writes,
// its own handler (cli/output.ts) takes over and winds the listing down instead.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  if (process.stdout.listenerCount("error") === 1) process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv);
