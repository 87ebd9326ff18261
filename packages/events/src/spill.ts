import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { type Event, newestFirst } from "./event.js";

/**
 * Sorts the events of a vendor with neither an order nor a time filter in bounded memory: at most
 * `limit` events are held; each time that many have arrived they are sorted and written to a
 * temporary file (one JSON event per line), and `drain` merges the files newest first. Events are
 * plain JSON (their `raw` is what the vendor sent), so a file holds them exactly.
 */
export class SpillSort {
  private held: Event[] = [];
  private readonly runs: string[] = [];
  private dir: string | undefined;

  constructor(
    private readonly limit: number,
    private readonly pageSize = 1000,
  ) {}

  async add(event: Event): Promise<void> {
    this.held.push(event);
    if (this.held.length >= this.limit) await this.spill();
  }

  /** Every event added, newest first, in pages; the temporary files are gone when it ends. */
  async *drain(): AsyncGenerator<Event[], void, undefined> {
    try {
      if (this.runs.length === 0) {
        this.held.sort(newestFirst);
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
    events.sort(newestFirst);
    this.dir ??= await mkdtemp(join(tmpdir(), "eventkit-sort-"));
    const file = join(this.dir, `${this.runs.length}.jsonl`);
    await writeFile(file, events.map((e) => JSON.stringify(e)).join("\n") + "\n");
    this.runs.push(file);
  }

  private async *merge(): AsyncGenerator<Event[], void, undefined> {
    const readers = this.runs.map((file) => createInterface({ input: createReadStream(file), crlfDelay: Infinity })[Symbol.asyncIterator]());
    try {
      const heads: (Event | undefined)[] = await Promise.all(readers.map(next));
      let page: Event[] = [];
      for (;;) {
        let best = -1;
        for (let i = 0; i < heads.length; i++) if (heads[i] && (best < 0 || newestFirst(heads[i]!, heads[best]!) < 0)) best = i;
        if (best < 0) break;
        page.push(heads[best]!);
        heads[best] = await next(readers[best]!);
        if (page.length >= this.pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length) yield page;
    } finally {
      for (const reader of readers) await reader.return?.();
    }
  }
}

async function next(reader: AsyncIterator<string>): Promise<Event | undefined> {
  for (;;) {
    const { value, done } = await reader.next();
    if (done) return undefined;
    if (value !== "") return JSON.parse(value) as Event;
  }
}
