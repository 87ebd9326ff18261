import { getPath, setPath } from "@eventkit/runtime/spec";
import { schemaAt, type Schema } from "../openapi.js";
import type { FeedOperation } from "./feeds.js";
import {
  dateTimePaths,
  deriveSeed,
  eventId,
  fake,
  realistic,
  reusableField,
  seededRandom,
  valueBank,
} from "./generate.js";
import { formatTime } from "./times.js";

export interface Entry {
  /** 1 for the oldest event; unique within the log. */
  readonly seq: number;
  readonly time: number;
  readonly value: Record<string, unknown>;
}

export interface Window {
  /** Time of the newest initial event (ms). */
  readonly end: number;
  /** Distance between consecutive events (ms, whole seconds so that epoch-second times stay distinct). */
  readonly stepMs: number;
}

/** Items are faked once into a pool and reused, with id and time rewritten: thousands cost little. */
const POOL_SIZE = 25;

/**
 * The events one operation serves, newest first. Each is generated from the item schema and then
 * given a unique id and a time strictly before the previous one's.
 */
export class EventLog {
  private readonly pool: Record<string, unknown>[];
  private readonly stream: number;
  /** Other date-time fields (updated, started, completed…) take the event's time rather than a random date. */
  private readonly datePaths: string[];
  private entriesNewestFirst: Entry[] = [];
  private lastSeq = 0;
  private newest: number;

  constructor(
    readonly feed: FeedOperation,
    count: number,
    seed: number,
    private readonly window: Window,
    /** Real items (recordings, the spec's examples): their values replace the faked ones field by field. */
    samples: readonly unknown[] = [],
  ) {
    const random = seededRandom(deriveSeed(seed, `${feed.operation.operationId}/items`));
    this.stream = deriveSeed(seed, feed.operation.operationId);
    this.datePaths = dateTimePaths(feed.itemSchema).filter((path) => path !== feed.feed.timePath);
    const bank = valueBank(samples, (path) =>
      reusableField(feed.itemSchema, path, [feed.feed.idPath, feed.feed.timePath]),
    );
    this.pool = Array.from({ length: Math.max(1, Math.min(POOL_SIZE, count)) }, () =>
      asObject(realistic(fake(feed.itemSchema, random), bank, random)),
    );
    this.newest = window.end - count * window.stepMs;
    this.add(count);
  }

  entries(): readonly Entry[] {
    return this.entriesNewestFirst;
  }

  /** New events, each newer than every event so far. */
  add(count: number): void {
    const added: Entry[] = [];
    for (let i = 0; i < count; i++) {
      const seq = ++this.lastSeq;
      this.newest += this.window.stepMs;
      added.unshift({ seq, time: this.newest, value: this.build(seq, this.newest) });
    }
    this.entriesNewestFirst = [...added, ...this.entriesNewestFirst];
  }

  private build(seq: number, time: number): Record<string, unknown> {
    let value: unknown = structuredClone(this.pool[(seq - 1) % this.pool.length]!);
    const { idPath, timePath, timeFormat } = this.feed.feed;
    if (idPath)
      value = setPath(
        value,
        idPath,
        eventId(schemaAt(this.feed.itemSchema, idPath) as Schema | undefined, this.stream, seq),
      );
    if (timePath) value = setPath(value, timePath, formatTime(time, timeFormat));
    for (const path of this.datePaths)
      if (getPath(value, path) !== undefined) value = setPath(value, path, new Date(time).toISOString());
    return value as Record<string, unknown>;
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { value };
}
