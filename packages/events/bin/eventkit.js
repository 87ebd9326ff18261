#!/usr/bin/env node
// The installed `eventkit` command. The CLI itself is compiled into dist/; this file exists before
// any build, so that pnpm can link the command when it installs the workspace.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    "eventkit: @eventkit/events is not built: run `pnpm --filter @eventkit/events build` (or `pnpm build`)\n",
  );
  process.exit(1);
}
await import(cli.href);
