import type { Event, VendorName } from "./event.js";

/** A time window in epoch milliseconds: `since` inclusive, `until` exclusive; either may be open. */
export interface Window {
  readonly since?: number;
  readonly until?: number;
}

export interface ReadContext {
  readonly signal: AbortSignal;
  /** Something about the listing as a whole (not one event) that the caller should know. */
  warn(message: string): void;
  /** One response read (a source may yield a page per response, or a time slice of several). */
  countPage(): void;
}

/**
 * How the hub reads one vendor endpoint. `newest-first` sources are merged as they stream; the
 * others are read to the end of the window, then sorted, because any of their pages may hold the
 * newest event.
 */
export interface EventSource {
  readonly vendor: VendorName;
  /** `datadog v1`, `opal`: names the endpoint in warnings and errors. */
  readonly name: string;
  readonly order: "newest-first" | "none";
  /** Whether `window` reaches the vendor (else the hub's client-side filter is all there is). */
  readonly filtersByTime: boolean;
  /**
   * Whether each page yielded is a whole time slice (many responses, up to `sliceEvents`), not one
   * response: the hub then reads one slice ahead of the merge, not `prefetchPages`.
   */
  readonly slices?: boolean;
  /** Pages of adapted events; they may stray outside the window, which the hub filters exactly. */
  pages(window: Window, context: ReadContext): AsyncIterable<readonly Event[]>;
}

export function inWindow(timestamp: number, window: Window): boolean {
  return (
    (window.since === undefined || timestamp >= window.since) &&
    (window.until === undefined || timestamp < window.until)
  );
}
