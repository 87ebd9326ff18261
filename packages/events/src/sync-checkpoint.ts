import type { Event } from "./event.js";
import type { VendorCheckpoint } from "./sync.js";
import { toIso } from "./time.js";

/**
 * One vendor's checkpoint as a sync run delivers its events, oldest first. After each batch the
 * checkpoint says "every event before it (less the overlap) has been delivered", and `seen` holds
 * exactly the ids delivered (or skipped as delivered before) from `checkpoint − overlap` on, so
 * that a run resumed from any batch's state repeats nothing and `seen` stays the overlap's size.
 */
export class CheckpointTracker {
  private checkpoint: number | undefined;
  /** The previous run's `seen`: ids without a time, dropped once the checkpoint has left their overlap. */
  private previousSeen: Set<string>;
  private readonly previousCheckpoint: number | undefined;
  /** Ids delivered or skipped in this run, with their times, from `checkpoint − overlap` on. */
  private readonly recent = new Map<string, number>();

  constructor(
    previous: VendorCheckpoint | undefined,
    private readonly overlapMs: number,
  ) {
    this.previousCheckpoint = previous ? Date.parse(previous.checkpoint) : undefined;
    this.checkpoint = this.previousCheckpoint;
    this.previousSeen = new Set(previous?.seen ?? []);
  }

  /**
   * Takes events read, oldest first, after the ones taken before; returns those not delivered yet.
   * The checkpoint moves to `through` (the end of a completed time slice) or else to the last
   * event's time (the events at that same instant still to come are read again, and are not in `seen`).
   */
  take(events: readonly Event[], through?: number): Event[] {
    const fresh: Event[] = [];
    for (const event of events) {
      if (!this.previousSeen.has(event.id) && !this.recent.has(event.id)) fresh.push(event);
      this.recent.set(event.id, event.timestamp);
    }
    const end = through ?? events[events.length - 1]?.timestamp;
    // Never back: a clock set back, or a batch inside the previous overlap.
    if (end !== undefined) this.checkpoint = Math.max(this.checkpoint ?? end, end);
    const keepFrom = (this.checkpoint ?? Number.NEGATIVE_INFINITY) - this.overlapMs;
    for (const [id, time] of this.recent) if (time < keepFrom) this.recent.delete(id);
    if (this.previousCheckpoint !== undefined && keepFrom >= this.previousCheckpoint) this.previousSeen = new Set();
    return fresh;
  }

  /** Undefined until the first batch (a vendor without a checkpoint keeps none). */
  state(): VendorCheckpoint | undefined {
    if (this.checkpoint === undefined) return undefined;
    return { checkpoint: toIso(this.checkpoint), seen: [...new Set([...this.previousSeen, ...this.recent.keys()])] };
  }
}
