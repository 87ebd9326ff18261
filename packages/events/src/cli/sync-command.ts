import { resolve } from "node:path";
import type { Command } from "commander";
import { ListReport } from "../report.js";
import { parseDuration } from "../time.js";
import { parseWhen } from "./events-command.js";
import { appendDurably, type CliState, readState, reconcileOut, writeStateAtomically } from "./files.js";
import { Output } from "./output.js";
import { openSession } from "./session.js";
import { formatSummary, startProgress } from "./summary.js";
import { EXIT, UsageError } from "./usage.js";
import { addVendorOptions, type VendorFlags } from "./vendor-options.js";

interface SyncFlags extends VendorFlags {
  readonly state: string;
  readonly out?: string;
  readonly since: string;
  readonly overlap: string;
}

export function syncCommand(program: Command, done: (code: number) => void): void {
  const command = program
    .command("sync")
    .description("append the events that are new since the last sync, then save the checkpoints")
    .requiredOption("--state <file>", "JSON file holding each vendor's checkpoint (created on the first run)")
    .option("--out <file>", "JSONL file to append the new events to (default: stdout)")
    .option("--since <when>", "where vendors without a checkpoint start: a duration ago or an ISO date", "24h")
    .option("--overlap <duration>", "how far before each checkpoint to read again, for late events", "5m");
  addVendorOptions(command).action(async (flags: SyncFlags) => done(await runSync(flags)));
}

/**
 * Order matters for "nothing lost, nothing twice": events are appended and fsynced before the state
 * that says they were delivered is written (atomically); a run killed in between leaves the file
 * longer than the state records, and the next run cuts it back and delivers those events again.
 */
async function runSync(flags: SyncFlags): Promise<number> {
  const now = Date.now();
  const since = parseWhen(flags.since, "--since", now);
  const overlapMs = parseDuration(flags.overlap);
  if (overlapMs === undefined) throw new UsageError(`--overlap must be a duration such as 5m or 90s (got "${flags.overlap}")`);
  const statePath = resolve(flags.state);
  const outPath = flags.out !== undefined ? resolve(flags.out) : undefined;
  if (outPath === statePath) throw new UsageError("--out and --state must be different files");

  let state = await readState(statePath);
  if (outPath) {
    const recovery = await reconcileOut(statePath, state, outPath);
    state = recovery.state;
    if (!flags.quiet && recovery.truncated > 0) process.stderr.write(`recovered: removed ${recovery.truncated} bytes that an interrupted run appended to ${flags.out}; those events come again\n`);
    if (!flags.quiet && recovery.shrunk) process.stderr.write(`note: ${flags.out} is shorter than the state recorded; appending from its end\n`);
  }

  // The mock world is anchored once and remembered, so that syncing from --mock again finds the same events.
  const anchor = flags.mock && state.mock ? Date.parse(state.mock.end) : undefined;
  const session = await openSession(flags, process.stderr, anchor !== undefined ? { mockAnchor: anchor } : {});
  try {
    const report = new ListReport();
    const progress = flags.quiet ? { stop: () => undefined } : startProgress(report, process.stderr);
    let result;
    try {
      result = await session.hub.sync(state, { since, overlapMs, signal: session.controller.signal, report });
    } catch (error) {
      if (session.interrupted()) {
        progress.stop();
        process.stderr.write("interrupted: nothing written, checkpoints unchanged\n");
        return EXIT.interrupted;
      }
      throw error;
    } finally {
      progress.stop();
    }

    const lines = result.events.map((e) => `${JSON.stringify(e)}\n`).join("");
    let next: CliState = { ...result.state, ...(session.anchor !== undefined ? { mock: { end: new Date(session.anchor).toISOString() } } : {}) };
    if (outPath) {
      const written = await appendDurably(outPath, lines);
      next = { ...next, out: { path: outPath, bytes: (state.out?.bytes ?? 0) + written } };
    } else {
      const out = new Output(process.stdout, () => undefined);
      await out.write(lines);
      await out.flush();
      if (out.closed) throw new Error("stdout closed before the events were written; checkpoints unchanged");
    }
    await writeStateAtomically(statePath, next);
    if (!flags.quiet) {
      process.stderr.write(formatSummary(result.report, (r) => `  ${countNew(result.events, r.vendor)} new`));
    }
    return result.report.ok ? EXIT.ok : EXIT.vendorsFailed;
  } finally {
    await session.close();
  }
}

function countNew(events: readonly { vendor: string }[], vendor: string): number {
  let n = 0;
  for (const e of events) if (e.vendor === vendor) n++;
  return n;
}
