import { EventkitError } from "@eventkit/runtime";
import type { VendorName } from "./event.js";

/**
 * `ok`: read to the end of the window. `stopped`: the listing ended first (a `limit`, a `break`,
 * an abort), which is no failure. `failed`: an error ended this vendor's listing; the others went on.
 */
export type VendorStatus = "running" | "ok" | "stopped" | "failed";

export interface VendorReport {
  readonly vendor: VendorName;
  status: VendorStatus;
  /** Events delivered to the consumer. */
  events: number;
  /** Pages (responses) read, over every time slice. */
  pages: number;
  /** Retries seen by the client's observer; undefined when the caller built the client. */
  retries: number | undefined;
  /** What ended the vendor's listing (at most one per endpoint); credentials are redacted by the clients. */
  readonly errors: Error[];
  /** About the listing as a whole: order broken by the vendor, a capped buffer, a truncated slice. */
  readonly warnings: string[];
  /** Events that arrived with something missing or unknown (see each event's `warnings`). */
  eventWarnings: number;
  /**
   * Events left out because their time could not be read (they stand at the epoch, outside any
   * window with a start); a warning says so, since the vendor's time form is then unknown to us.
   */
  unreadableTimes: number;
  /** From the start of the listing until this vendor was read to the end (or failed). */
  durationMs: number;
}

/** Per vendor: what a listing read, and what went wrong. Live while the listing runs. */
export class ListReport {
  readonly vendors: Partial<Record<VendorName, VendorReport>> = {};

  /** Vendors whose listing an error ended. */
  get failed(): VendorName[] {
    return this.all()
      .filter((r) => r.status === "failed")
      .map((r) => r.vendor);
  }

  get ok(): boolean {
    return this.failed.length === 0;
  }

  all(): VendorReport[] {
    return Object.values(this.vendors);
  }

  add(vendor: VendorName, countsRetries: boolean): VendorReport {
    const report: VendorReport = {
      vendor,
      status: "running",
      events: 0,
      pages: 0,
      retries: countsRetries ? 0 : undefined,
      errors: [],
      warnings: [],
      eventWarnings: 0,
      unreadableTimes: 0,
      durationMs: 0,
    };
    this.vendors[vendor] = report;
    return report;
  }

  toJSON(): Record<string, unknown> {
    const vendors = Object.fromEntries(
      this.all().map((r) => [
        r.vendor,
        {
          ...r,
          errors: r.errors.map((e) => (e instanceof EventkitError ? e.toJSON() : { name: e.name, message: e.message })),
        },
      ]),
    );
    return { ok: this.ok, failed: this.failed, vendors };
  }
}

/** A vendor without a documented order had more events in the window than the hub may hold to sort them. */
export class BufferLimitError extends EventkitError {
  /** Stated, as the runtime's error classes state theirs: a minifier renames the class. */
  static override readonly name: string = "BufferLimitError";

  constructor(
    readonly vendor: VendorName,
    readonly limit: number,
  ) {
    super(
      `${vendor}: more than ${limit} events in the window, which must be held to sort them (its order is unknown); narrow the window or raise maxBufferedEvents`,
    );
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), vendor: this.vendor, limit: this.limit };
  }
}
