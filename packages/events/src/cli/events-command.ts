import type { Command } from "commander";
import { resolveTime } from "../time.js";
import { FORMATS, type Format, writerFor } from "./formats.js";
import { Output } from "./output.js";
import type { Interrupt } from "./interrupt.js";
import { addSessionOptions, openSession, parseTimeout, planSession } from "./session.js";
import { formatSummary, NO_PROGRESS, startProgress } from "./summary.js";
import { paintFor } from "@eventkit/runtime/terminal";
import { EXIT, UsageError } from "./usage.js";
import { addVendorOptions, parsePositiveInteger, type VendorFlags } from "./vendor-options.js";

interface EventsFlags extends VendorFlags {
  readonly since: string;
  readonly until?: string;
  readonly type?: string;
  readonly format: string;
  readonly limit?: string;
  readonly timeout: string;
}

export function eventsCommand(
  program: Command,
  run: (action: (interrupt: Interrupt) => Promise<number>) => Promise<void>,
): void {
  const command = program
    .command("events")
    .description("list events across vendors, newest first")
    .option(
      "--since <when>",
      "start of the window: a duration ago (24h, 30m, 7d) or an ISO date (UTC when no zone)",
      "24h",
    )
    .option("--until <when>", "end of the window (exclusive), same forms; default now")
    .option("--type <types>", "comma-separated event types to keep (exact match)")
    .option("--format <format>", `output: ${FORMATS.join(", ")}`, "table")
    .option("--limit <n>", "stop after this many events");
  addSessionOptions(addVendorOptions(command)).action((flags: EventsFlags) =>
    run((interrupt) => runEvents(flags, interrupt)),
  );
}

async function runEvents(flags: EventsFlags, interrupt: Interrupt): Promise<number> {
  const now = Date.now();
  const since = parseWhen(flags.since, "--since", now);
  const until = flags.until !== undefined ? parseWhen(flags.until, "--until", now) : undefined;
  if (until !== undefined && since > until) throw new UsageError("--since is after --until");
  if (until === undefined) refuseFuture(since, "--since", now, "nothing can have happened since then yet");
  if (!(FORMATS as readonly string[]).includes(flags.format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got "${flags.format}")`);
  const limit = parsePositiveInteger(flags.limit, "--limit");
  const types = flags.type
    ?.split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const plan = planSession(flags, parseTimeout(flags.timeout));

  const session = await openSession(plan, process.stderr, interrupt.signal);
  try {
    const feed = session.hub.list({
      since,
      ...(until !== undefined ? { until } : {}),
      ...(types?.length ? { types } : {}),
      ...(limit !== undefined ? { limit } : {}),
      signal: session.controller.signal,
    });
    const out = new Output(process.stdout, () =>
      session.controller.abort(new DOMException("output closed", "AbortError")),
    );
    const writer = writerFor(
      flags.format as Format,
      process.stdout.isTTY ? (process.stdout.columns ?? 80) : 80,
      paintFor(process.stdout),
    );
    const progress = flags.quiet ? NO_PROGRESS : startProgress(feed.report, process.stderr);
    // On a terminal, stdout and stderr share the screen: the progress line goes before each write.
    const write = (text: string): Promise<void> => {
      progress.clear();
      return out.write(text);
    };
    let count = 0;
    try {
      await write(writer.header);
      for await (const event of feed) {
        await write(writer.line(event, count++));
        if (out.closed) break;
      }
      await write(writer.footer(count));
      await out.flush();
    } catch (error) {
      // A closed pipe aborts the listing on purpose: the reader has what it wanted.
      if (!out.closed || interrupt.exitCode !== undefined) throw error;
    } finally {
      progress.stop();
    }
    if (!flags.quiet) process.stderr.write(formatSummary(feed.report, undefined, paintFor(process.stderr)));
    return feed.report.ok ? EXIT.ok : EXIT.vendorsFailed;
  } finally {
    await session.close();
  }
}

/** A start in the future lists nothing (and, for sync, would move checkpoints past events not yet read). */
export function refuseFuture(at: number, flag: string, now: number, why: string): void {
  if (at > now) throw new UsageError(`${flag} ${new Date(at).toISOString()} is in the future: ${why}`);
}

export function parseWhen(value: string, flag: string, now: number): number {
  try {
    return resolveTime(value, now, flag);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
