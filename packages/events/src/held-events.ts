import { type Event, newestFirst, type OrderKey } from "./event.js";

/** The two orders events are handed on in: the merged feed's, and sync's. */
export type EventOrder = "newest-first" | "oldest-first";

/** The comparison behind an order: `newestFirst`, or its reverse. */
export function comparatorOf(order: EventOrder): (a: OrderKey, b: OrderKey) => number {
  return order === "newest-first" ? newestFirst : (a, b) => newestFirst(b, a);
}

/**
 * Events held to be sorted, kept as JSON lines in one growing Buffer (outside V8's heap), with
 * their sort keys in typed arrays. An event is turned to text as it arrives and back to an object
 * only when it is handed on, so what is held is not on the JavaScript heap.
 *
 * Why: held as objects, a batch of a few thousand events lived through one or two of V8's
 * scavenges before it was sorted and handed on. Every byte that survives a scavenge counts towards
 * growing V8's young generation, which then grew to its largest (32 MB of RSS on Node 20) in any
 * long listing, and objects that survived twice were promoted to old space until a full GC.
 *
 * Events are plain JSON (their `raw` is what the vendor sent), so a line holds an event exactly.
 */
export class HeldEvents {
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  private used = 0;
  private times = new Float64Array(INITIAL_SLOTS);
  /** Where event i's line starts in `bytes`; its id (as a JSON string) follows the line's newline. */
  private starts = new Float64Array(INITIAL_SLOTS);
  /** Bytes of event i's line, its newline included. */
  private lineBytes = new Uint32Array(INITIAL_SLOTS);
  private idBytes = new Uint32Array(INITIAL_SLOTS);
  private vendorOf = new Uint16Array(INITIAL_SLOTS);
  private readonly vendors: string[] = [];
  private held = 0;

  get count(): number {
    return this.held;
  }

  /** Bytes the held events take as text (their ids included). */
  get bytesHeld(): number {
    return this.used;
  }

  add(event: Event): void {
    if (this.held === this.times.length) this.growSlots();
    const line = `${JSON.stringify(event)}\n`;
    const start = this.used;
    this.reserve(line.length * 3, line);
    this.used += this.bytes.write(line, this.used);
    const lineEnd = this.used;
    // As JSON: a vendor's id may hold a lone surrogate, which UTF-8 cannot carry.
    const id = JSON.stringify(event.id);
    this.reserve(id.length * 3, id);
    this.used += this.bytes.write(id, this.used);
    const i = this.held++;
    this.times[i] = event.timestamp;
    this.starts[i] = start;
    this.lineBytes[i] = lineEnd - start;
    this.idBytes[i] = this.used - lineEnd;
    let vendor = this.vendors.indexOf(event.vendor);
    if (vendor < 0) vendor = this.vendors.push(event.vendor) - 1;
    this.vendorOf[i] = vendor;
  }

  /** The held events' indexes in `order`. */
  sorted(order: EventOrder): Uint32Array {
    const indexes = new Uint32Array(this.held);
    for (let i = 0; i < indexes.length; i++) indexes[i] = i;
    const { times } = this;
    const compare = comparatorOf(order);
    const newer = order === "newest-first" ? -1 : 1;
    // Times decide almost every comparison; a tie is settled by the order's own rule (vendor, id).
    return indexes.sort((a, b) => {
      const ta = times[a]!;
      const tb = times[b]!;
      if (ta !== tb) return ta > tb ? newer : -newer;
      return compare(this.key(a), this.key(b));
    });
  }

  /** Event i's timestamp (i counts from 0 in the order events were added). */
  time(i: number): number {
    return this.times[i]!;
  }

  /** Event i, as an object again. */
  event(i: number): Event {
    const start = this.starts[i]!;
    return JSON.parse(this.bytes.toString("utf8", start, start + this.lineBytes[i]! - 1)) as Event;
  }

  /** Event i's line, its newline included: a view of the store, valid until it is next changed. */
  line(i: number): Buffer {
    const start = this.starts[i]!;
    return this.bytes.subarray(start, start + this.lineBytes[i]!);
  }

  /**
   * Lets go of every event. The buffers are kept for the next ones, unless a few large events had
   * grown the text's past `KEEP_BYTES`: then it starts small again.
   */
  clear(): void {
    this.held = 0;
    this.used = 0;
    if (this.bytes.length > KEEP_BYTES) this.bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  }

  private key(i: number): OrderKey {
    const idStart = this.starts[i]! + this.lineBytes[i]!;
    return {
      timestamp: this.times[i]!,
      vendor: this.vendors[this.vendorOf[i]!]!,
      id: JSON.parse(this.bytes.toString("utf8", idStart, idStart + this.idBytes[i]!)) as string,
    } as OrderKey;
  }

  /** Room for `most` more bytes (at most 3 of UTF-8 per UTF-16 unit of `text`), or for `text`'s exact bytes. */
  private reserve(most: number, text: string): void {
    if (this.used + most <= this.bytes.length) return;
    const needed = this.used + Buffer.byteLength(text);
    if (needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const bigger = Buffer.allocUnsafe(size);
    this.bytes.copy(bigger, 0, 0, this.used);
    this.bytes = bigger;
  }

  private growSlots(): void {
    const size = this.times.length * 2;
    const grow = <T extends Float64Array | Uint32Array | Uint16Array>(from: T, make: (n: number) => T): T => {
      const to = make(size);
      to.set(from);
      return to;
    };
    this.times = grow(this.times, (n) => new Float64Array(n));
    this.starts = grow(this.starts, (n) => new Float64Array(n));
    this.lineBytes = grow(this.lineBytes, (n) => new Uint32Array(n));
    this.idBytes = grow(this.idBytes, (n) => new Uint32Array(n));
    this.vendorOf = grow(this.vendorOf, (n) => new Uint16Array(n));
  }
}

const INITIAL_SLOTS = 256;
const INITIAL_BYTES = 64 * 1024;
/** The most text buffer kept between batches: a batch of 2000 events of a few KB each fits. */
const KEEP_BYTES = 16 * 1024 * 1024;
