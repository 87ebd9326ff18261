import { createHash } from "node:crypto";
import type { FeedSpec, FeedStatus, FeedTag, FeedText } from "@eventkit/runtime";
import { compileIdReader, compilePath, compileTimeReader, getPath } from "@eventkit/runtime/spec";
import { toIso } from "@eventkit/runtime/time";
import type { Event } from "../event.js";

/**
 * Turns a vendor's raw event into an `Event` as its `x-eventkit-feed` declares. Vendors send what
 * their specs do not promise (missing required fields, enum values added later, numbers as
 * strings), and one such event must never end a listing: every field falls back to the next
 * candidate, then to a default, and what was missing or unknown is noted on the event.
 */
export type ReadEvent = (raw: unknown) => Event;

export interface FeedIdentity {
  readonly vendor: string;
  /** The feed's name, set on events as `api` when the vendor has several feeds. */
  readonly api?: string;
  /** Before every id, to keep apart the ids of several feeds read together (`v2:`). */
  readonly idPrefix: string;
}

/** Events whose time could not be read: placed at the epoch, outside any window that has a start. */
const untimed = new WeakSet<object>();

export function hasNoTime(event: Event): boolean {
  return untimed.has(event);
}

class Notes {
  warnings: string[] | undefined;
  /** The event has neither its own id nor its own time: it cannot be placed, whatever its status says. */
  unplaced = false;
  note(message: string): void {
    this.warnings ??= [];
    this.warnings.push(message);
  }
}

type TextReader = (raw: unknown, notes: Notes) => string | undefined;

export function compileFeed(feed: FeedSpec, identity: FeedIdentity): ReadEvent {
  const required = new Set(feed.required ?? []);
  const type = texts(feed.type, required);
  const title = feed.title ? texts(feed.title, required) : undefined;
  const message = feed.message ? texts(feed.message, required) : undefined;
  const details = feed.details ? detailsReader(feed.details) : undefined;
  const id = idReader(feed);
  const time = timeReader(feed);
  const actor = feed.actor ? actorReader(feed.actor, required) : undefined;
  const status = feed.status ? statusReader(feed.status, required) : undefined;
  const tags = feed.tags ? tagsReader(feed.tags) : undefined;
  const { vendor, api, idPrefix } = identity;

  // One per reader, reset per event: reading is synchronous, and most events need no notes at all.
  const notes = new Notes();
  return (raw) => {
    notes.warnings = undefined;
    notes.unplaced = false;
    const isObject = raw !== null && typeof raw === "object" && !Array.isArray(raw);
    if (!isObject)
      notes.note(`event is ${raw === null ? "null" : Array.isArray(raw) ? "an array" : typeof raw}, not an object`);
    const fields = isObject ? raw : {};
    const eventType = type(fields, notes) ?? "unknown";
    const eventMessage = message?.(fields, notes);
    const eventTitle = title?.(fields, notes) ?? eventType;
    const eventDetails = details?.(fields, notes);
    const eventId = idPrefix + id(fields, notes, raw);
    const when = time(fields, notes);
    const eventActor = actor?.(fields, notes);
    // Read even when the event is unplaced, for the notes it adds.
    const unplaced = notes.unplaced;
    const readStatus = status?.(fields, notes);
    const eventStatus: FeedStatus = unplaced ? "unknown" : (readStatus ?? "info");
    const event = new EventObject(
      vendor,
      api,
      eventId,
      eventType,
      when,
      eventStatus,
      eventActor,
      eventTitle,
      eventMessage,
      tags ? tags(fields) : [],
      eventDetails,
      raw,
      notes.warnings,
    );
    if (!when.read) untimed.add(event);
    return event as unknown as Event;
  };
}

/**
 * An event: a plain object (its prototype is Object.prototype, so nothing tells it from a literal:
 * not JSON, not util.inspect, not a deep-equality check), but made by `new` with its fields set in
 * the constructor, so that V8 sizes it from the fields events really get and keeps every field
 * inside the object. A literal grown field by field keeps all but its first in a separate array,
 * copied each time it grows: three or four arrays per event, a quarter of what reading allocated.
 * Fields in the order events always had them; optional ones only when present.
 */
const EventObject = function (
  this: Record<string, unknown>,
  vendor: string,
  api: string | undefined,
  id: string,
  type: string,
  when: When,
  status: FeedStatus,
  actor: Record<string, string> | undefined,
  title: string,
  message: string | undefined,
  tags: string[],
  details: unknown,
  raw: unknown,
  warnings: string[] | undefined,
) {
  this.vendor = vendor;
  if (api !== undefined) this.api = api;
  this.id = id;
  this.type = type;
  this.occurredAt = when.occurredAt;
  this.timestamp = when.timestamp;
  this.status = status;
  if (actor !== undefined) this.actor = actor;
  this.title = title;
  if (message !== undefined) this.message = message;
  this.tags = tags;
  if (details !== undefined) this.details = details;
  this.raw = raw;
  if (warnings) this.warnings = warnings;
} as unknown as new (
  ...args: [
    string,
    string | undefined,
    string,
    string,
    When,
    FeedStatus,
    Record<string, string> | undefined,
    string,
    string | undefined,
    string[],
    unknown,
    unknown,
    string[] | undefined,
  ]
) => Event;
EventObject.prototype = Object.prototype;

/** A present, non-blank string; finite numbers as their decimal text. */
function text(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function texts(candidates: readonly FeedText[], required: ReadonlySet<string>): TextReader {
  const readers = candidates.map((c) => textReader(c, required));
  if (readers.length === 1) return readers[0]!;
  return (raw, notes) => {
    for (const read of readers) {
      const value = read(raw, notes);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

function textReader(candidate: FeedText, required: ReadonlySet<string>): TextReader {
  if ("value" in candidate) return () => candidate.value;
  if ("template" in candidate) {
    const fill = templateReader(candidate.template);
    return (raw) => fill(raw);
  }
  const get = compilePath(candidate.path);
  const join = candidate.join ?? ", ";
  const strip = candidate.strip !== undefined ? new RegExp(candidate.strip) : undefined;
  const missing = required.has(candidate.path) ? `missing required ${candidate.path}` : undefined;
  return (raw, notes) => {
    const value = get(raw);
    let result: string | undefined;
    if (Array.isArray(value)) {
      const parts = value.map(text).filter((t) => t !== undefined);
      result = parts.length ? parts.join(join) : undefined;
    } else result = text(value);
    if (result !== undefined && candidate.firstLine) result = firstLine(result, strip);
    if (result === undefined && missing) notes.note(missing);
    return result;
  };
}

/** `api_token:{api_token_name}`; undefined when a path in it has no value. */
function templateReader(template: string): (raw: unknown) => string | undefined {
  const parts = template.split(/\{([^{}]+)\}/);
  const readers = parts.map((part, i) => (i % 2 === 1 ? compilePath(part) : undefined));
  return (raw) => {
    let out = "";
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 0) {
        out += parts[i];
        continue;
      }
      const value = text(readers[i]!(raw));
      if (value === undefined) return undefined;
      out += value;
    }
    return out;
  };
}

/**
 * The first line with something in it, cut at 200 characters; `strip` is removed from each line
 * first. Lines are taken one at a time: a message is often long and its first line is all we need.
 */
function firstLine(value: string, strip: RegExp | undefined, max = 200): string | undefined {
  for (let start = 0; start <= value.length; ) {
    let end = value.indexOf("\n", start);
    if (end < 0) end = value.length;
    let line = value.slice(start, end).trim();
    if (strip) line = line.replace(strip, "").trim();
    if (line !== "") return line.length > max ? `${line.slice(0, max - 1)}…` : line;
    start = end + 1;
  }
  return undefined;
}

function idReader(feed: FeedSpec): (raw: unknown, notes: Notes, whole: unknown) => string {
  const read = compileIdReader(feed);
  const first = feed.id[0]!.path;
  return (raw, notes, whole) => {
    const found = read(raw);
    if (found) {
      if (found.from > 0) {
        const c = feed.id[found.from]!;
        notes.note(
          `missing ${first}; id taken from the ${typeof getPath(raw, c.path) === "number" ? "integer " : ""}${c.path}`,
        );
      }
      return found.id;
    }
    notes.note(`missing ${first}; id derived from the event's content`);
    notes.unplaced = true;
    return `eventkit-${createHash("sha256").update(stableJson(whole)).digest("hex").slice(0, 24)}`;
  };
}

interface When {
  readonly timestamp: number;
  readonly occurredAt: string;
  readonly read: boolean;
}

const NO_TIME: When = { timestamp: 0, occurredAt: toIso(0), read: false };

function timeReader(feed: FeedSpec): (raw: unknown, notes: Notes) => When {
  const read = compileTimeReader(feed);
  const first = feed.time[0]!.path;
  return (raw, notes) => {
    const found = read(raw);
    if (found.ms !== undefined) {
      const { ms, value } = found;
      // Already the form occurredAt takes (or but for the zone): no need to format it again.
      const canonical = typeof value === "string" && value.charCodeAt(10) === 84 && value.charCodeAt(19) === 46;
      const occurredAt =
        canonical && value.length === 24 && value.endsWith("Z")
          ? value
          : canonical && value.length === 23
            ? `${value}Z`
            : toIso(ms);
      return { timestamp: ms, occurredAt, read: true };
    }
    for (const { path, value } of found.unreadable) notes.note(`${path} ${JSON.stringify(value)} is not a time`);
    if (!found.unreadable.length) notes.note(`missing ${first}`);
    notes.unplaced = true;
    return NO_TIME;
  };
}

function actorReader(
  actor: NonNullable<FeedSpec["actor"]>,
  required: ReadonlySet<string>,
): (raw: unknown, notes: Notes) => Record<string, string> | undefined {
  const keys = (["id", "name", "email", "ip"] as const)
    .filter((k) => actor[k] !== undefined)
    .map((k) => [k, texts(actor[k]!, required)] as const);
  return (raw, notes) => {
    let out: Record<string, string> | undefined;
    for (const [key, read] of keys) {
      const value = read(raw, notes);
      if (value === undefined) continue;
      out ??= {};
      out[key] = value;
    }
    return out;
  };
}

function statusReader(
  status: NonNullable<FeedSpec["status"]>,
  required: ReadonlySet<string>,
): (raw: unknown, notes: Notes) => FeedStatus {
  const get = compilePath(status.path);
  const exact = new Map<string, FeedStatus>();
  const patterns: [RegExp, FeedStatus][] = [];
  for (const [key, value] of Object.entries(status.map)) {
    if (key.includes("*")) patterns.push([new RegExp(`^${key.split("*").map(escapeRegExp).join(".*")}$`), value]);
    else exact.set(key, value);
  }
  const missing = `missing ${required.has(status.path) ? "required " : ""}${status.path}`;
  return (raw, notes) => {
    const value = get(raw);
    if (value === undefined || value === null || value === "") {
      if (status.absent !== undefined) return status.absent;
      notes.note(missing);
      return "unknown";
    }
    if (typeof value === "string") {
      const hit = exact.get(value);
      if (hit !== undefined) return hit;
      for (const [pattern, mapped] of patterns) if (pattern.test(value)) return mapped;
    }
    notes.note(`unknown ${status.path} ${JSON.stringify(value)}`);
    return status.default ?? "unknown";
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function tagsReader(tags: readonly FeedTag[]): (raw: unknown) => string[] {
  const readers = tags.map((tag): ((raw: unknown, out: string[]) => void) => {
    if ("template" in tag) {
      const fill = templateReader(tag.template);
      return (raw, out) => {
        const value = fill(raw);
        if (value !== undefined) out.push(value);
      };
    }
    if ("value" in tag) {
      const when = tag.when !== undefined ? compilePath(tag.when) : undefined;
      return (raw, out) => {
        if (!when || when(raw) === true) out.push(tag.value);
      };
    }
    const get = compilePath(tag.path);
    return (raw, out) => {
      const value = get(raw);
      if (Array.isArray(value)) {
        for (const v of value) if (typeof v === "string" && v !== "") out.push(v);
      } else if (typeof value === "string" && value !== "") out.push(value);
    };
  });
  return (raw) => {
    const out: string[] = [];
    for (const read of readers) read(raw, out);
    return out.length > 1 ? unique(out) : out;
  };
}

/** The tags without repeats, first occurrence kept (as a Set would, without one per event: tags are few). */
function unique(tags: string[]): string[] {
  let out: string[] | undefined;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    const seen = tags.indexOf(tag) < i;
    if (seen && !out) out = tags.slice(0, i);
    else if (!seen && out) out.push(tag);
  }
  return out ?? tags;
}

function detailsReader(details: NonNullable<FeedSpec["details"]>): (raw: unknown, notes: Notes) => unknown {
  const get = compilePath(details.path);
  return (raw, notes) => {
    const value = get(raw);
    if (value === undefined || value === null || !details.json) return value ?? undefined;
    if (typeof value !== "string") {
      notes.note(`${details.path} is not a string`);
      return value;
    }
    // Parsed when it is JSON; otherwise the text itself, so nothing the vendor sent is lost.
    try {
      return JSON.parse(value) as unknown;
    } catch {
      notes.note(`${details.path} is not valid JSON`);
      return value;
    }
  };
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
