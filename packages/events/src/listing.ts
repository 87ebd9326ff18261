import type { Observer } from "@eventkit/runtime";
import type { VendorSetup } from "./config.js";
import type { Event, VendorName } from "./event.js";
import { Lane } from "./lane.js";
import { mergeLanes } from "./merge.js";
import type { ListReport, VendorReport } from "./report.js";
import type { Window } from "./source.js";

export interface ListingPlan {
  readonly setups: readonly VendorSetup[];
  readonly windowOf: (vendor: VendorName) => Window;
  readonly types?: ReadonlySet<string>;
  readonly limit?: number;
  readonly signal?: AbortSignal;
  readonly prefetchPages: number;
  readonly maxBufferedEvents: number;
}

/**
 * The events of every planned vendor, merged newest first. Nothing is fetched before the first
 * `next()`; when the consumer stops (limit, break, abort) every request still running is aborted
 * and the report is settled before the generator returns.
 */
export async function* runListing(plan: ListingPlan, report: ListReport): AsyncGenerator<Event, void, undefined> {
  if (plan.limit === 0) return;
  const ended = new AbortController();
  const signal = plan.signal ? AbortSignal.any([plan.signal, ended.signal]) : ended.signal;
  signal.throwIfAborted();
  const startedAt = performance.now();
  const lanes: Lane[] = [];
  const pumps: Promise<void>[] = [];

  for (const setup of plan.setups) {
    const vendorReport = report.add(setup.vendor, setup.countsRetries);
    const observer: Observer = {
      onRetry: () => {
        if (vendorReport.retries !== undefined) vendorReport.retries++;
      },
    };
    let vendorLanes: Lane[];
    try {
      vendorLanes = setup.sources(observer).map(
        (source) =>
          new Lane(source, plan.windowOf(setup.vendor), vendorReport, {
            prefetchPages: plan.prefetchPages,
            maxBufferedEvents: plan.maxBufferedEvents,
            ...(plan.types ? { types: plan.types } : {}),
            onEnd: () => settle(vendorReport, vendorLanes),
          }),
      );
    } catch (error) {
      vendorReport.status = "failed";
      vendorReport.errors.push(error instanceof Error ? error : new Error(String(error)));
      continue;
    }
    lanes.push(...vendorLanes);
  }
  for (const lane of lanes) pumps.push(lane.start(signal, startedAt));

  try {
    let count = 0;
    for await (const run of mergeLanes(lanes, signal)) {
      for (const event of run) {
        // Checked per event, not only per run: an abort must not leave a page's worth still coming.
        signal.throwIfAborted();
        report.vendors[event.vendor]!.events++;
        yield event;
        if (plan.limit !== undefined && ++count >= plan.limit) return;
      }
    }
  } finally {
    ended.abort(new DOMException("the listing ended", "AbortError"));
    await Promise.all(pumps);
  }
}

/** A vendor is as good as its worst endpoint (Datadog `both` reads two). */
function settle(report: VendorReport, lanes: readonly Lane[]): void {
  if (lanes.some((l) => l.status === "running")) return;
  report.status = lanes.some((l) => l.status === "failed")
    ? "failed"
    : lanes.some((l) => l.status === "stopped")
      ? "stopped"
      : "ok";
  const n = report.unreadableTimes;
  if (n > 0)
    report.warnings.push(
      `${n} event${n === 1 ? "" : "s"} left out: ${n === 1 ? "its" : "their"} time could not be read (see the events' warnings with no --since)`,
    );
}
