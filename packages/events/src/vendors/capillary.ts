import type { CapillaryClient, components } from "@eventkit/capillary";
import { fieldsOf, Reading, withWarnings } from "../adapt.js";
import type { CapillaryEvent, EventStatus } from "../event.js";
import { inWindow, type EventSource, type PageSizes, type Window } from "../source.js";
import { toIso } from "../time.js";

export type CapillaryRawEvent = components["schemas"]["EventLog"];

/** The status set is open (the spec says so): these patterns cover the documented families. */
function capillaryStatus(value: unknown, r: Reading): EventStatus {
  if (value === undefined || value === null || value === "") {
    r.note("missing required status");
    return "unknown";
  }
  if (typeof value === "string") {
    if (value === "EVENT_SUCCESS") return "success";
    if (value.endsWith("_FAILED") || value.startsWith("INVALID_") || value.startsWith("NO_")) return "failure";
  }
  r.note(`unknown status ${JSON.stringify(value)}`);
  return "unknown";
}

/** Capillary loyalty event logs: one entry per event processed; `inputRequest` is JSON in a string. */
export function adaptCapillary(raw: CapillaryRawEvent): CapillaryEvent {
  const r = new Reading();
  const e = fieldsOf(raw, r);
  const type = r.required(e.eventName, "eventName") ?? "unknown";
  const message = r.text(e.message);
  const details = parseInputRequest(e.inputRequest, r);
  const id = r.id(e.id, "id", raw);
  void (r.time(e.startTime, "epoch-ms", "startTime") || r.noTime("startTime"));
  const status = capillaryStatus(e.status, r);
  return withWarnings<CapillaryEvent>(
    { vendor: "capillary", id, type, occurredAt: r.occurredAt, timestamp: r.timestamp, status: r.settle(status), title: type, ...(message !== undefined ? { message } : {}), tags: [], ...(details !== undefined ? { details } : {}), raw },
    r,
  );
}

/** Parsed when it is JSON; otherwise the text itself, so nothing the vendor sent is lost. */
function parseInputRequest(value: unknown, r: Reading): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    r.note("inputRequest is not a string");
    return value;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    r.note("inputRequest is not valid JSON");
    return value;
  }
}

/**
 * Capillary has no pages: one response holds at most `limit` entries of the window, in no
 * documented order. A response that comes back full may have left entries out, so its window is
 * halved and each half asked again, newer half first. The slices this yields are therefore in
 * newest-first order and each holds at most `limit` entries, which keeps memory bounded without
 * any order from the vendor.
 */
export function capillarySource(client: CapillaryClient, sizes: PageSizes = {}): EventSource {
  const limit = sizes.pageSize ?? 500;
  const fetchSlice = async (window: Window, signal: AbortSignal): Promise<CapillaryRawEvent[]> => {
    const query = {
      limit,
      ...(window.since !== undefined ? { from_date: toIso(window.since) } : {}),
      // to_date may be inclusive: entries at exactly `until` are dropped below, and read by the newer slice.
      ...(window.until !== undefined ? { to_date: toIso(window.until) } : {}),
    };
    const body = await client.getEventsLogs({ params: { query }, signal });
    return Array.isArray(body?.data) ? body.data : [];
  };
  const within = (data: CapillaryRawEvent[], window: Window) => data.map(adaptCapillary).filter((e) => inWindow(e.timestamp, window));

  return {
    vendor: "capillary",
    name: "capillary",
    order: "newest-first",
    filtersByTime: true,
    async *pages(window, { signal, warn }) {
      const first = await fetchSlice(window, signal);
      if (first.length < limit) {
        yield first.map(adaptCapillary);
        return;
      }
      const newest = Math.max(Date.now(), ...first.map((raw) => adaptCapillary(raw).timestamp)) + 1;
      const stack: [number, number][] = [[window.since ?? 0, window.until ?? newest]];
      while (stack.length) {
        const [since, until] = stack.pop()!;
        const data = await fetchSlice({ since, until }, signal);
        if (data.length >= limit && until - since > 1) {
          const middle = since + Math.floor((until - since) / 2);
          stack.push([since, middle], [middle, until]);
          continue;
        }
        if (data.length >= limit) warn(`capillary: more than ${limit} entries at ${toIso(since)}; some may be missing (raise pageSize)`);
        yield within(data, { since, until });
      }
    },
  };
}
