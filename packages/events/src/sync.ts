import { ConfigurationError } from "@eventkit/runtime";
import type { VendorSetup } from "./config.js";
import { type Event, isVendorName, newestFirst, type VendorName } from "./event.js";
import { runListing } from "./listing.js";
import { ListReport } from "./report.js";
import { resolveTime, type TimeInput, toIso } from "./time.js";

export interface VendorCheckpoint {
  /** Every event of this vendor before it (less the overlap) has been delivered. ISO 8601 UTC. */
  readonly checkpoint: string;
  /** Ids delivered within the overlap window before the checkpoint, so that reading it again repeats nothing. */
  readonly seen: readonly string[];
}

/** What `sync` needs from one run to the next; JSON as it stands. */
export interface SyncState {
  readonly version: 1;
  readonly vendors: Partial<Record<VendorName, VendorCheckpoint>>;
}

export interface SyncOptions {
  /** Where vendors without a checkpoint start (same forms as `list`'s `since`); default: no lower bound. */
  readonly since?: TimeInput;
  /** Default: now. Each vendor's checkpoint becomes this (never earlier than it was). */
  readonly until?: TimeInput;
  /** How far before each checkpoint to read again, for events the vendor makes visible late; default the hub's (5 minutes). */
  readonly overlapMs?: number;
  readonly vendors?: readonly VendorName[];
  readonly signal?: AbortSignal;
  /** Filled in while the run goes (to show progress) and returned as `result.report`; default a new one. */
  readonly report?: ListReport;
}

export interface SyncResult {
  /** New events, oldest first. Empty for vendors that failed: they are delivered whole or not at all. */
  readonly events: Event[];
  /** Checkpoints advanced for the vendors read to the end; the others as they were. */
  readonly state: SyncState;
  readonly report: ListReport;
}

export interface SyncContext {
  readonly setups: readonly VendorSetup[];
  readonly prefetchPages: number;
  readonly maxBufferedEvents: number;
  readonly overlapMs: number;
}

export function emptySyncState(): SyncState {
  return { version: 1, vendors: {} };
}

/**
 * One incremental run. Each vendor is read from its checkpoint less the overlap up to `until`;
 * events already in `seen` are skipped. A vendor that fails keeps its old checkpoint and delivers
 * nothing, so the next run reads the same window again: nothing is lost and, since its events were
 * not delivered, nothing comes twice. An aborted run throws and changes nothing.
 */
export async function runSync(context: SyncContext, given: SyncState | undefined, options: SyncOptions): Promise<SyncResult> {
  const state = checkState(given ?? emptySyncState());
  const overlapMs = options.overlapMs ?? context.overlapMs;
  if (!Number.isFinite(overlapMs) || overlapMs < 0) throw new RangeError("overlapMs must be ≥ 0");
  const now = Date.now();
  const until = options.until !== undefined ? resolveTime(options.until, now, "until") : now;
  const initialSince = options.since !== undefined ? resolveTime(options.since, now, "since") : undefined;

  const windows = new Map<VendorName, { since?: number; until: number }>();
  for (const { vendor } of context.setups) {
    const previous = state.vendors[vendor];
    const checkpoint = previous ? Date.parse(previous.checkpoint) : undefined;
    if (checkpoint === undefined) windows.set(vendor, { ...(initialSince !== undefined ? { since: initialSince } : {}), until });
    // A clock set back must not move a checkpoint back: events between would come again.
    else windows.set(vendor, { since: checkpoint - overlapMs, until: Math.max(until, checkpoint) });
  }

  const report = options.report ?? new ListReport();
  const read = new Map<VendorName, Event[]>(context.setups.map((s) => [s.vendor, []]));
  const listing = runListing(
    { setups: context.setups, windowOf: (vendor) => windows.get(vendor)!, ...(options.signal ? { signal: options.signal } : {}), prefetchPages: context.prefetchPages, maxBufferedEvents: context.maxBufferedEvents },
    report,
  );
  for await (const event of listing) read.get(event.vendor)!.push(event);

  const vendors: Partial<Record<VendorName, VendorCheckpoint>> = { ...state.vendors };
  const delivered: Event[] = [];
  for (const { vendor } of context.setups) {
    if (report.vendors[vendor]?.status !== "ok") continue;
    const seen = new Set(state.vendors[vendor]?.seen ?? []);
    const window = windows.get(vendor)!;
    const events = read.get(vendor)!;
    for (const event of events) if (!seen.has(event.id)) delivered.push(event);
    // Every event from here to the checkpoint is read again next run: remember exactly those.
    const keepFrom = window.until - overlapMs;
    vendors[vendor] = { checkpoint: toIso(window.until), seen: [...new Set(events.filter((e) => e.timestamp >= keepFrom).map((e) => e.id))] };
  }
  delivered.sort((a, b) => newestFirst(b, a));
  return { events: delivered, state: { ...state, vendors }, report };
}

/** Longest vendor event id a state may hold: ids are short keys, and a state file is hostile input. */
const MAX_ID_LENGTH = 4096;

/**
 * A state from a file is checked before it decides what is read: every field the library reads,
 * each error naming where it is (`vendors.opal.checkpoint`). Other top-level keys belong to the
 * caller (the CLI keeps its own there) and are left to it.
 */
export function checkState(value: unknown): SyncState {
  const fail = (where: string, why: string): never => {
    throw new ConfigurationError(`not an eventkit sync state: ${where ? `${where}: ` : ""}${why}`);
  };
  if (!isPlainObject(value)) return fail("", `expected a JSON object, got ${describeValue(value)}`);
  if (value.version !== 1) return fail("", `version ${JSON.stringify(value.version) ?? "missing"} (this eventkit reads version 1)`);
  if (!isPlainObject(value.vendors)) return fail("vendors", `expected an object of checkpoints by vendor, got ${describeValue(value.vendors)}`);
  for (const [vendor, entry] of Object.entries(value.vendors)) {
    const at = `vendors.${vendor}`;
    if (!isVendorName(vendor)) return fail(at, `unknown vendor`);
    if (!isPlainObject(entry)) return fail(at, `expected { checkpoint, seen }, got ${describeValue(entry)}`);
    for (const key of Object.keys(entry)) if (key !== "checkpoint" && key !== "seen") return fail(`${at}.${key}`, "unknown field");
    if (!isIsoInstant(entry.checkpoint)) return fail(`${at}.checkpoint`, `expected an ISO 8601 UTC time such as 2025-01-01T12:00:00.000Z, got ${describeValue(entry.checkpoint)}`);
    if (!Array.isArray(entry.seen)) return fail(`${at}.seen`, `expected a list of event ids, got ${describeValue(entry.seen)}`);
    entry.seen.forEach((id, i) => {
      if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID_LENGTH) fail(`${at}.seen[${i}]`, `expected an event id (1 to ${MAX_ID_LENGTH} characters), got ${describeValue(id)}`);
    });
  }
  return value as unknown as SyncState;
}

/** What `toIso` writes, and nothing `Date.parse` merely tolerates (`2025`, `May 1`, Feb 31). */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value)) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, value.length - 1) === value.slice(0, -1);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A hostile value, shown short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
