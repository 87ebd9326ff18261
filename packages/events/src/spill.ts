import { readSync } from "node:fs";
import { type FileHandle, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Event } from "./event.js";
import { comparatorOf, type EventOrder, HeldEvents } from "./held-events.js";

/**
 * Sorts the events of a vendor with neither an order nor a time filter in bounded memory: at most
 * `limit` events are held (as text, outside V8's heap: see `HeldEvents`), and at most `maxBytes` of
 * their text; each time either is reached they are sorted and written to a temporary file (one
 * JSON event per line), and `drain` merges the files newest first (or oldest first, as sync asks).
 * Events are plain JSON (their `raw` is what the vendor sent), so a file holds them exactly. Once
 * drained it is empty, and may be filled again.
 */
export class SpillSort {
  private readonly held = new HeldEvents();
  /** Events added since the last drain, spilled or held. */
  private added = 0;
  private runs: string[] = [];
  private dir: string | undefined;
  private readonly compare: (a: Event, b: Event) => number;

  constructor(
    private readonly limit: number,
    private readonly pageSize = 100,
    /** The order `drain` gives. */
    private readonly order: EventOrder = "newest-first",
    /** Text held before a spill, whatever the count: a vendor's events may be large. */
    private readonly maxBytes = MAX_HELD_BYTES,
  ) {
    this.compare = comparatorOf(order);
  }

  async add(event: Event): Promise<void> {
    this.held.add(event);
    this.added++;
    if (this.held.count >= this.limit || this.held.bytesHeld >= this.maxBytes) await this.spill();
  }

  /** Every event added, in order, in pages; the temporary files are gone when it ends. */
  async *drain(): AsyncGenerator<Event[], void, undefined> {
    for await (const page of this.pages()) yield page.take();
  }

  /**
   * Every event added, in order, in pages that become objects only when taken: what waits to be
   * taken stays text outside V8's heap (a sync batch may wait while other vendors' are delivered).
   * A page must be taken before the next is asked for. The temporary files are gone when it ends.
   */
  async *pages(): AsyncGenerator<SortedPage, void, undefined> {
    const count = Math.ceil(this.added / this.pageSize);
    let readers: RunReader[] = [];
    try {
      let take: () => Event[];
      if (this.runs.length === 0) {
        const order = this.held.sorted(this.order);
        let next = 0;
        take = () => {
          const page: Event[] = [];
          for (const index of order.subarray(next, next + this.pageSize)) page.push(this.held.event(index));
          next += this.pageSize;
          return page;
        };
      } else {
        if (this.held.count) await this.spill();
        readers = await Promise.all(this.runs.map(async (file) => new RunReader(await open(file))));
        const heads: (Event | undefined)[] = readers.map((r) => r.next());
        take = () => {
          const page: Event[] = [];
          while (page.length < this.pageSize) {
            let best = -1;
            for (let i = 0; i < heads.length; i++)
              if (heads[i] && (best < 0 || this.compare(heads[i]!, heads[best]!) < 0)) best = i;
            if (best < 0) break;
            page.push(heads[best]!);
            heads[best] = readers[best]!.next();
          }
          return page;
        };
      }
      for (let p = 0; p < count; p++) {
        let taken = false;
        yield {
          last: p === count - 1,
          take: () => {
            if (taken) throw new Error("a sorted page is taken once");
            taken = true;
            return take();
          },
        };
        if (!taken) throw new Error("a sorted page was passed over: take each before asking for the next");
      }
    } finally {
      await Promise.all(readers.map((r) => r.close()));
      this.held.clear();
      this.added = 0;
      this.runs = [];
      const dir = this.dir;
      this.dir = undefined;
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }

  private async spill(): Promise<void> {
    this.dir ??= await mkdtemp(join(tmpdir(), "eventkit-sort-"));
    const file = join(this.dir, `${this.runs.length}.jsonl`);
    await writeLines(file, this.held, this.held.sorted(this.order));
    this.held.clear();
    this.runs.push(file);
  }
}

/** A page of a drained sort, made objects when taken (once). */
export interface SortedPage {
  /** The sort's last page. */
  readonly last: boolean;
  take(): Event[];
}

/** The most event text a sort holds in memory (2000 events of 16 KiB). */
const MAX_HELD_BYTES = 32 * 1024 * 1024;

/**
 * Bytes of JSON lines written at a time. The held lines are copied into one buffer in their
 * sorted order: each asynchronous write costs about 80 µs of CPU whatever its size, so fewer,
 * larger writes are most of what a spill costs.
 */
const WRITE_BYTES = 256 * 1024;

/** The held events' lines, in `order`. */
async function writeLines(file: string, held: HeldEvents, order: Uint32Array): Promise<void> {
  const handle = await open(file, "w");
  try {
    const buffer = Buffer.allocUnsafe(WRITE_BYTES);
    let used = 0;
    for (const index of order) {
      const line = held.line(index);
      if (used + line.length > WRITE_BYTES) {
        if (used > 0) await handle.write(buffer, 0, used);
        used = 0;
        if (line.length > WRITE_BYTES) {
          await handle.write(line);
          continue;
        }
      }
      used += line.copy(buffer, used);
    }
    if (used > 0) await handle.write(buffer, 0, used);
  } finally {
    await handle.close();
  }
}

/**
 * The events of a run file, read a chunk at a time only when the lines in hand are used up: with
 * one reader per run, what the merge holds is one chunk per run (readline's async iterator keeps
 * reading ahead, and would hold every run whole).
 *
 * The chunk stays in its Buffer, outside V8's heap, and each line becomes a string only when its
 * event is taken (and is parsed at once): decoding a chunk and splitting it into lines instead kept
 * a chunk's worth of strings on the heap per run for as long as the merge took from the others
 * (1.4 MB of live heap in the memory bench's Mem0 run). A `\n` byte is never part of a multi-byte
 * UTF-8 character, so lines are cut on bytes.
 *
 * Chunks are read synchronously: the file is one this process has just written, so a read is a
 * copy from the page cache, and a synchronous one costs a seventh of an asynchronous one (13 µs of
 * CPU against 93 µs for 32 KiB on Node 20: the promise and the thread-pool hop are what an async
 * read of cached data costs). The merge then takes every event without an await.
 */
class RunReader {
  /**
   * A read call costs tens of microseconds whatever its size: at 16 KiB the calls were a tenth of a
   * Mem0 listing. 32 KiB halves them for 16 KiB more per run held. A line longer than the buffer
   * doubles it.
   */
  private buffer = Buffer.alloc(32 * 1024);
  /** The unread bytes are `buffer[start, end)`. */
  private start = 0;
  private end = 0;
  private ended = false;

  constructor(private readonly file: FileHandle) {}

  /** The next event, or undefined at the end of the file. */
  next(): Event | undefined {
    for (;;) {
      const newline = this.buffer.indexOf(NEWLINE, this.start);
      if (newline >= 0 && newline < this.end) {
        const from = this.start;
        this.start = newline + 1;
        if (newline > from) return JSON.parse(this.buffer.toString("utf8", from, newline)) as Event;
        continue;
      }
      if (!this.ended) {
        this.read();
        continue;
      }
      if (this.start === this.end) return undefined;
      // The last line, without its newline.
      const from = this.start;
      this.start = this.end;
      return JSON.parse(this.buffer.toString("utf8", from, this.end)) as Event;
    }
  }

  /** Moves the partial line in hand to the front (growing the buffer if it fills it), then reads after it. */
  private read(): void {
    const partial = this.end - this.start;
    if (partial === this.buffer.length) {
      const bigger = Buffer.alloc(this.buffer.length * 2);
      this.buffer.copy(bigger, 0, this.start, this.end);
      this.buffer = bigger;
    } else if (this.start > 0) this.buffer.copy(this.buffer, 0, this.start, this.end);
    this.start = 0;
    this.end = partial;
    const bytesRead = readSync(this.file.fd, this.buffer, this.end, this.buffer.length - this.end, null);
    if (bytesRead === 0) this.ended = true;
    this.end += bytesRead;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

const NEWLINE = 0x0a;
