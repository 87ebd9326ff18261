import type { Command } from "commander";
import { resolveTime } from "../time.js";
import { FORMATS, type Format, writerFor } from "./formats.js";
import { Output } from "./output.js";
import { openSession } from "./session.js";
import { formatSummary, startProgress } from "./summary.js";
import { EXIT, UsageError } from "./usage.js";
import { addVendorOptions, parsePositiveInteger, type VendorFlags } from "./vendor-options.js";

interface EventsFlags extends VendorFlags {
  readonly since: string;
  readonly until?: string;
  readonly type?: string;
  readonly format: string;
  readonly limit?: string;
}

export function eventsCommand(program: Command, done: (code: number) => void): void {
  const command = program
    .command("events")
    .description("list events across vendors, newest first")
    .option("--since <when>", "start of the window: a duration ago (24h, 30m, 7d) or an ISO date (UTC when no zone)", "24h")
    .option("--until <when>", "end of the window (exclusive), same forms; default now")
    .option("--type <types>", "comma-separated event types to keep (exact match)")
    .option("--format <format>", `output: ${FORMATS.join(", ")}`, "table")
    .option("--limit <n>", "stop after this many events");
  addVendorOptions(command).action(async (flags: EventsFlags) => done(await runEvents(flags)));
}

async function runEvents(flags: EventsFlags): Promise<number> {
  const now = Date.now();
  const since = parseWhen(flags.since, "--since", now);
  const until = flags.until !== undefined ? parseWhen(flags.until, "--until", now) : undefined;
  if (until !== undefined && since > until) throw new UsageError("--since is after --until");
  if (!(FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got "${flags.format}")`);
  const limit = parsePositiveInteger(flags.limit, "--limit");
  const types = flags.type?.split(",").map((t) => t.trim()).filter(Boolean);

  const session = await openSession(flags, process.stderr);
  try {
    const feed = session.hub.list({
      since,
      ...(until !== undefined ? { until } : {}),
      ...(types?.length ? { types } : {}),
      ...(limit !== undefined ? { limit } : {}),
      signal: session.controller.signal,
    });
    const out = new Output(process.stdout, () => session.controller.abort(new DOMException("output closed", "AbortError")));
    const writer = writerFor(flags.format as Format, process.stdout.isTTY ? (process.stdout.columns ?? 80) : 80);
    const progress = flags.quiet ? { stop: () => undefined } : startProgress(feed.report, process.stderr);
    let count = 0;
    try {
      await out.write(writer.header);
      for await (const event of feed) {
        await out.write(writer.line(event, count++));
        if (out.closed) break;
      }
      await out.write(writer.footer(count));
      await out.flush();
    } catch (error) {
      if (session.interrupted()) {
        progress.stop();
        process.stderr.write("interrupted\n");
        return EXIT.interrupted;
      }
      // A closed pipe aborts the listing on purpose: the reader has what it wanted.
      if (!out.closed) throw error;
    } finally {
      progress.stop();
    }
    if (!flags.quiet) process.stderr.write(formatSummary(feed.report));
    return feed.report.ok ? EXIT.ok : EXIT.vendorsFailed;
  } finally {
    await session.close();
  }
}

export function parseWhen(value: string, flag: string, now: number): number {
  try {
    return resolveTime(value, now, flag);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
