import { resolve } from "node:path";
import type { Command } from "commander";
import { ListReport } from "../report.js";
import { parseDuration } from "../time.js";
import { removeStaleTemporaries } from "./durable.js";
import { parseWhen, refuseFuture } from "./events-command.js";
import type { Interrupt } from "./interrupt.js";
import { acquireLock, type Lock } from "./lock.js";
import { appendDurably, type OutPlan, ownerPath, reconcileOut } from "./out-file.js";
import { Output } from "./output.js";
import { addSessionOptions, openSession, parseTimeout, planSession } from "./session.js";
import { futureCheckpoints, readState, writeState } from "./state-file.js";
import { formatSummary, NO_PROGRESS, startProgress } from "./summary.js";
import { paintFor } from "@eventkit/runtime/terminal";
import { EXIT, UsageError } from "./usage.js";
import { addVendorOptions, type VendorFlags } from "./vendor-options.js";

interface SyncFlags extends VendorFlags {
  readonly state: string;
  readonly out?: string;
  readonly since: string;
  readonly overlap: string;
  readonly timeout: string;
}

export function syncCommand(
  program: Command,
  run: (action: (interrupt: Interrupt) => Promise<number>) => Promise<void>,
): void {
  const command = program
    .command("sync")
    .description("append the events that are new since the last sync, then save the checkpoints")
    .requiredOption("--state <file>", "JSON file holding each vendor's checkpoint (created on the first run)")
    .option("--out <file>", "JSONL file to append the new events to (default: stdout)")
    .option("--since <when>", "where vendors without a checkpoint start: a duration ago or an ISO date", "24h")
    .option("--overlap <duration>", "how far before each checkpoint to read again, for late events", "5m");
  addSessionOptions(addVendorOptions(command)).action((flags: SyncFlags) =>
    run((interrupt) => runSync(flags, interrupt)),
  );
}

/**
 * Order matters for "nothing lost, nothing twice": for each batch of the run, the state records
 * the append it is about to make, the events are appended and fsynced, and only then is the state
 * that says they were delivered written (atomically). A run killed anywhere in between leaves the file longer than the
 * state's last length, by no more than the recorded append: the next run cuts that back and
 * delivers those events again. Two runs never interleave: each holds the locks of its state and
 * its output file.
 */
async function runSync(flags: SyncFlags, interrupt: Interrupt): Promise<number> {
  const now = Date.now();
  const since = parseWhen(flags.since, "--since", now);
  refuseFuture(
    since,
    "--since",
    now,
    "vendors without a checkpoint would start after events that have not happened yet, and skip them",
  );
  const overlapMs = parseDuration(flags.overlap);
  if (overlapMs === undefined)
    throw new UsageError(`--overlap must be a duration such as 5m or 90s (got "${flags.overlap}")`);
  const statePath = resolve(flags.state);
  const outPath = flags.out !== undefined ? resolve(flags.out) : undefined;
  if (outPath === statePath) throw new UsageError("--out and --state must be different files");
  const own = [`${statePath}.lock`, ...(outPath ? [`${outPath}.lock`, ownerPath(outPath)] : [])];
  if (own.includes(statePath) || (outPath && own.includes(outPath)))
    throw new UsageError("--state and --out must not name eventkit's own files (a .lock or .eventkit-owner file)");
  const plan = planSession(flags, parseTimeout(flags.timeout));
  const note = (text: string): void => {
    if (!flags.quiet) process.stderr.write(`${text}\n`);
  };

  const locks: Lock[] = [];
  /** New events written, by vendor. */
  const delivered = new Map<string, number>();
  try {
    locks.push(await acquireLock(statePath, "--state"));
    if (outPath) locks.push(await acquireLock(outPath, "--out"));
    for (const name of await removeStaleTemporaries(statePath))
      note(`removed ${name}, left by a run that was killed while it wrote the state`);

    let state = await readState(statePath);
    if (state.mock && !flags.mock)
      throw new UsageError(
        `--state ${statePath} holds the mock world's checkpoints: sync it with --mock, or give real vendors another state file`,
      );
    if (!state.mock && flags.mock && Object.keys(state.vendors).length > 0)
      throw new UsageError(`--state ${statePath} holds real vendors' checkpoints: give --mock another state file`);
    for (const checkpoint of futureCheckpoints(state, now))
      note(
        `warning: --state ${statePath}: ${checkpoint} is in the future: this vendor's events until then will not be read (was the clock set back?)`,
      );

    let out: OutPlan | undefined;
    if (outPath) {
      for (const name of await removeStaleTemporaries(ownerPath(outPath)))
        note(`removed ${name}, left by a run that was killed`);
      out = await reconcileOut(statePath, state, outPath);
      if (out.truncated > 0)
        note(
          `recovered: removed ${out.truncated} bytes that an unfinished run of this state appended to ${flags.out} without saving its checkpoints; those events come again now`,
        );
      if (out.foreign > 0)
        note(
          `note: ${flags.out} has ${out.foreign} bytes past what this state last wrote that it did not write; kept, appending after them`,
        );
      if (out.shrunk) note(`note: ${flags.out} is shorter than this state last left it; appending from its end`);
    }
    interrupt.signal.throwIfAborted();

    // The mock world is anchored once and remembered, so that syncing from --mock again finds the same events.
    const anchor = flags.mock && state.mock ? Date.parse(state.mock.end) : undefined;
    const session = await openSession(
      plan,
      process.stderr,
      interrupt.signal,
      anchor !== undefined ? { mockAnchor: anchor } : {},
    );
    try {
      const report = new ListReport();
      const progress = flags.quiet ? NO_PROGRESS : startProgress(report, process.stderr);
      const mock = session.anchor !== undefined ? { mock: { end: new Date(session.anchor).toISOString() } } : {};
      let base = out?.base ?? 0;
      let ino = out?.ino;
      try {
        // Batch by batch, each as the whole run once was: recorded, appended and fsynced, then the
        // state that says it was delivered. A signal stops the reading; the batch being written completes.
        for await (const batch of session.hub.sync(state, {
          since,
          overlapMs,
          signal: session.controller.signal,
          report,
        })) {
          const data = Buffer.from(batch.events.map((e) => `${JSON.stringify(e)}\n`).join(""), "utf8");
          if (outPath) {
            if (data.length > 0) {
              await writeState(statePath, {
                ...state,
                out: { path: outPath, bytes: base, pending: data.length, ...(ino ? { ino } : {}) },
              });
              ino = await appendDurably(outPath, data);
              base += data.length;
            }
            state = { ...state, ...batch.state, ...mock, out: { path: outPath, bytes: base, ...(ino ? { ino } : {}) } };
          } else {
            const stdout = new Output(process.stdout, () => undefined);
            await stdout.write(data.toString("utf8"));
            await stdout.flush();
            if (stdout.closed)
              throw new Error("stdout closed before the events were written; checkpoints as of the last batch written");
            state = { ...state, ...batch.state, ...mock };
          }
          await writeState(statePath, state);
          delivered.set(batch.vendor, (delivered.get(batch.vendor) ?? 0) + batch.events.length);
        }
      } finally {
        progress.stop();
      }
      if (interrupt.exitCode !== undefined)
        note("interrupted after the events were delivered and the checkpoints saved");
      if (!flags.quiet)
        process.stderr.write(
          formatSummary(report, (r) => `  ${delivered.get(r.vendor) ?? 0} new`, paintFor(process.stderr)),
        );
      return report.ok ? EXIT.ok : EXIT.vendorsFailed;
    } finally {
      await session.close();
    }
  } catch (error) {
    if (interrupt.exitCode !== undefined) {
      const n = [...delivered.values()].reduce((a, b) => a + b, 0);
      note(
        n === 0
          ? "interrupted: nothing delivered, checkpoints unchanged"
          : `interrupted: ${n} event${n === 1 ? "" : "s"} delivered and checkpointed; the rest comes on the next run`,
      );
    }
    throw error;
  } finally {
    for (const lock of locks.reverse()) await lock.release();
  }
}
