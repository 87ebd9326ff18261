import { type FileHandle, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { type Event, newestFirst } from "./event.js";

/**
 * Sorts the events of a vendor with neither an order nor a time filter in bounded memory: at most
 * `limit` events are held; each time that many have arrived they are sorted and written to a
 * temporary file (one JSON event per line), and `drain` merges the files newest first (or in the order given). Events are
 * plain JSON (their `raw` is what the vendor sent), so a file holds them exactly.
 */
export class SpillSort {
  private held: Event[] = [];
  private readonly runs: string[] = [];
  private dir: string | undefined;

  constructor(
    private readonly limit: number,
    private readonly pageSize = 100,
    /** The order `drain` gives; newest first unless told (sync drains oldest first). */
    private readonly compare: (a: Event, b: Event) => number = newestFirst,
  ) {}

  async add(event: Event): Promise<void> {
    this.held.push(event);
    if (this.held.length >= this.limit) await this.spill();
  }

  /** Every event added, in order, in pages; the temporary files are gone when it ends. */
  async *drain(): AsyncGenerator<Event[], void, undefined> {
    try {
      if (this.runs.length === 0) {
        this.held.sort(this.compare);
        for (let i = 0; i < this.held.length; i += this.pageSize) yield this.held.slice(i, i + this.pageSize);
        return;
      }
      if (this.held.length) await this.spill();
      yield* this.merge();
    } finally {
      this.held = [];
      if (this.dir) await rm(this.dir, { recursive: true, force: true });
    }
  }

  private async spill(): Promise<void> {
    const events = this.held;
    this.held = [];
    events.sort(this.compare);
    this.dir ??= await mkdtemp(join(tmpdir(), "eventkit-sort-"));
    const file = join(this.dir, `${this.runs.length}.jsonl`);
    await writeLines(file, events);
    this.runs.push(file);
  }

  private async *merge(): AsyncGenerator<Event[], void, undefined> {
    const readers = await Promise.all(this.runs.map(async (file) => new RunReader(await open(file))));
    try {
      const heads: (Event | undefined)[] = await Promise.all(readers.map((r) => r.next()));
      let page: Event[] = [];
      for (;;) {
        let best = -1;
        for (let i = 0; i < heads.length; i++)
          if (heads[i] && (best < 0 || this.compare(heads[i]!, heads[best]!) < 0)) best = i;
        if (best < 0) break;
        page.push(heads[best]!);
        // Most events are in a chunk already read: taken without an await (a promise and a turn each).
        const reader = readers[best]!;
        const taken = reader.take();
        heads[best] = taken === MORE ? await reader.next() : taken;
        if (page.length >= this.pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length) yield page;
    } finally {
      await Promise.all(readers.map((r) => r.close()));
    }
  }
}

/** Characters of JSON lines written at a time: well under V8's large-object size (128 KB). */
const WRITE_CHARS = 32 * 1024;

/**
 * One JSON event per line, written a few lines at a time: one string of the whole run (megabytes)
 * would be a large object, which costs fresh memory pages on every spill and lingers until a full GC.
 */
async function writeLines(file: string, events: readonly Event[]): Promise<void> {
  const handle = await open(file, "w");
  try {
    let text = "";
    for (const event of events) {
      text += `${JSON.stringify(event)}\n`;
      if (text.length >= WRITE_CHARS) {
        await handle.write(text);
        text = "";
      }
    }
    if (text !== "") await handle.write(text);
  } finally {
    await handle.close();
  }
}

/** `RunReader.take` when the next event is not in a chunk read yet. */
const MORE = Symbol("more");

/**
 * The events of a run file, read a chunk at a time only when the lines in hand are used up: with
 * one reader per run, what the merge holds is one chunk per run (readline's async iterator keeps
 * reading ahead, and would hold every run whole).
 */
class RunReader {
  private readonly decoder = new StringDecoder("utf8");
  /**
   * A read call costs tens of microseconds whatever its size: at 16 KiB the calls were a tenth of a
   * Mem0 listing. 32 KiB halves them for 16 KiB more per run held (64 KiB added 2 MB of live heap
   * to the memory bench's 50 runs).
   */
  private readonly chunk = Buffer.alloc(32 * 1024);
  private rest = "";
  private lines: string[] = [];
  private index = 0;
  private ended = false;

  constructor(private readonly file: FileHandle) {}

  /** The next event if it is in hand, undefined at the end of the file, `MORE` when a chunk must be read first. */
  take(): Event | undefined | typeof MORE {
    for (;;) {
      if (this.index < this.lines.length) {
        const line = this.lines[this.index++]!;
        if (line !== "") return JSON.parse(line) as Event;
        continue;
      }
      if (!this.ended) return MORE;
      if (this.rest === "") return undefined;
      const last = this.rest;
      this.rest = "";
      this.lines = [last];
      this.index = 0;
    }
  }

  async next(): Promise<Event | undefined> {
    for (;;) {
      const taken = this.take();
      if (taken !== MORE) return taken;
      await this.read();
    }
  }

  private async read(): Promise<void> {
    const { bytesRead } = await this.file.read(this.chunk, 0, this.chunk.length, null);
    if (bytesRead === 0) {
      this.ended = true;
      this.rest += this.decoder.end();
      this.lines = [];
      this.index = 0;
      return;
    }
    const lines = (this.rest + this.decoder.write(this.chunk.subarray(0, bytesRead))).split("\n");
    this.rest = lines.pop()!;
    this.lines = lines;
    this.index = 0;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
