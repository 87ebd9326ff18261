import { createHash } from "node:crypto";
import type { EventStatus } from "./event.js";
import { parseCanonical, parseTime, toIso, type TimeFormat } from "./time.js";

/**
 * What adapters share. Vendors send what their specs do not promise (missing required fields,
 * enum values added later, numbers as strings), and one such event must never end a listing: each
 * reader here returns a usable value or undefined and notes the problem instead of throwing.
 */
export class Reading {
  /** Allocated on the first problem: most events have none, and this runs once per event. */
  warnings: string[] | undefined;
  /** Set by `time`/`noTime`. */
  timestamp = 0;
  occurredAt = "";
  /** The event has neither its own id nor its own time: it cannot be placed, whatever its status says. */
  private unplaced = false;
  private timeNoted = false;

  note(message: string): void {
    (this.warnings ??= []).push(message);
  }

  /** A present, non-empty string; numbers are accepted as their decimal text. */
  text(value: unknown): string | undefined {
    if (typeof value === "string") return value === "" || value.trim() === "" ? undefined : value;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    return undefined;
  }

  /** Like `text`, but a field the spec requires: its absence is noted. */
  required(value: unknown, field: string): string | undefined {
    const text = this.text(value);
    if (text === undefined) this.note(`missing required ${field}`);
    return text;
  }

  strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v !== "") : [];
  }

  /**
   * The event's id, or a stable stand-in derived from its content, so that an event without one is
   * still listed and still deduplicated across runs.
   */
  id(value: unknown, field: string, raw: unknown): string {
    const id = this.text(value);
    if (id !== undefined) return id;
    this.note(`missing ${field}; id derived from the event's content`);
    this.unplaced = true;
    return `eventkit-${createHash("sha256").update(stableJson(raw)).digest("hex").slice(0, 24)}`;
  }

  /**
   * Takes `value` as the event's time when it reads as one (chain candidates with `||`, then
   * `noTime`). A value present but unreadable is noted.
   */
  time(value: unknown, format: TimeFormat, field: string): boolean {
    if (value === undefined || value === null) return false;
    const canonical = typeof value === "string" ? parseCanonical(value) : undefined;
    const ms = canonical ?? parseTime(value, format);
    if (ms === undefined) {
      this.note(`${field} ${JSON.stringify(value)} is not a time`);
      this.timeNoted = true;
      return false;
    }
    this.timestamp = ms;
    // Already (or but for the zone) the form occurredAt takes: no need to format it again.
    const length = canonical !== undefined ? (value as string).length : 0;
    this.occurredAt = length === 24 ? (value as string) : length === 23 ? `${value as string}Z` : toIso(ms);
    return true;
  }

  /** No candidate was a time: the epoch, and the event cannot be placed. */
  noTime(field: string): false {
    if (!this.timeNoted) this.note(`missing ${field}`);
    this.unplaced = true;
    this.timestamp = 0;
    this.occurredAt = toIso(0);
    return false;
  }

  /** `value` through a vendor's status table; an absent value gives `absent`, an unknown one `unknown`. */
  status<K extends string>(value: unknown, table: Readonly<Record<K, EventStatus>>, field: string, absent: EventStatus | "warn"): EventStatus {
    if (value === undefined || value === null || value === "") {
      if (absent !== "warn") return absent;
      this.note(`missing ${field}`);
      return "unknown";
    }
    if (typeof value === "string" && Object.hasOwn(table, value)) return table[value as K];
    this.note(`unknown ${field} ${JSON.stringify(value)}`);
    return "unknown";
  }

  /** The event's status, or `unknown` for an event without its own id or time. */
  settle(status: EventStatus): EventStatus {
    return this.unplaced ? "unknown" : status;
  }

}

/** The raw event as an object to read fields from, whatever arrived. */
export function fieldsOf<T extends object>(raw: T | null | undefined, reading: Reading): Partial<T> {
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) return raw;
  reading.note(`event is ${raw === null ? "null" : Array.isArray(raw) ? "an array" : typeof raw}, not an object`);
  return {};
}

/** A nested object field, or an empty one when absent or not an object. */
export function objectAt<T extends object>(value: T | null | undefined): Partial<T> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
}

/** JSON with object keys sorted, so the same content always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function firstLine(text: string | undefined, max = 200): string | undefined {
  if (text === undefined) return undefined;
  const line = text
    .replace(/^%%%\s*/, "")
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "" && l !== "%%%");
  if (!line) return undefined;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The event with the reading's warnings attached, when it has any. */
export function withWarnings<E extends object>(event: E, reading: Reading): E {
  if (reading.warnings) (event as { warnings?: readonly string[] }).warnings = reading.warnings;
  return event;
}
