#!/usr/bin/env node
import { main } from "./cli/main.js";

// `eventkit --help | head`: a reader that stops early is not an error. While a listing writes,
// its own handler (cli/output.ts) takes over and winds the listing down instead.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  if (process.stdout.listenerCount("error") === 1) process.exit(process.exitCode ?? 0);
});

const code = await main(process.argv);
// Exit now rather than when the event loop drains: a vendor's socket that stalls (or a library's
// timer) must not keep a finished run alive. What was written to stdout and stderr goes out first.
const drained = (stream: NodeJS.WriteStream): Promise<void> =>
  new Promise((resolve) =>
    stream.writableLength === 0 || stream.destroyed ? resolve() : stream.write("", () => resolve()),
  );
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);
