/** How a vendor writes an event's time, as `x-eventkit-feed.timeFormat` names it. */
export type TimeFormat = "iso" | "iso-local" | "epoch-ms" | "epoch-s";

/** Beyond this `Date` cannot represent the time. */
const MAX_DATE_MS = 8.64e15;

/**
 * ISO 8601 date-times as vendors write them: `T` or a space between date and time, any number of
 * fraction digits (Python writes microseconds), `Z`, `+hh:mm`, `+hhmm`, `+hh` or no zone at all.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const NUMERIC = /^-?\d+(?:\.\d+)?$/;

/**
 * Epoch milliseconds of a time written as `format`, or undefined when it cannot be read. Zone-less
 * ISO is UTC (never the local zone of the machine running this). A number where ISO was expected
 * is read as epoch seconds below 10^11 (year 5138) and milliseconds above, which no date in use
 * confuses.
 */
export function parseTime(value: unknown, format: TimeFormat): number | undefined {
  if (typeof value === "number") return epoch(value, format);
  if (typeof value !== "string") return undefined;
  const canonical = parseCanonical(value);
  if (canonical !== undefined) return canonical;
  const text = value.trim();
  if (NUMERIC.test(text)) return epoch(Number(text), format);
  return parseIso(text);
}

/**
 * `2024-05-01T10:00:00.000Z`, `2024-05-01T10:00:00Z` or the same without `Z` (UTC all the same),
 * what most vendors send: read without the general pattern, since this runs once per event.
 * Date.parse rolls impossible days and hours over (Feb 31 → Mar 2, 24:00 → next day), so those
 * fall through to the strict path, which refuses them.
 */
export function parseCanonical(text: string): number | undefined {
  const length = text.length;
  const zoned = text.charCodeAt(length - 1) === 90;
  if (!(zoned ? length === 24 || length === 20 : length === 23 || length === 19) || text.charCodeAt(10) !== 84) return undefined;
  // The separators where they belong (- - T : : and . before milliseconds): the rest is for Date.parse to refuse.
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || (length > 20 && text.charCodeAt(19) !== 46)) return undefined;
  const ms = Date.parse(zoned ? text : `${text}Z`);
  if (Number.isNaN(ms)) return undefined;
  const day = (text.charCodeAt(8) - 48) * 10 + (text.charCodeAt(9) - 48);
  const hour = (text.charCodeAt(11) - 48) * 10 + (text.charCodeAt(12) - 48);
  if (hour > 23 || (day > 28 && new Date(ms).getUTCDate() !== day)) return undefined;
  return ms;
}

function epoch(n: number, format: TimeFormat): number | undefined {
  if (!Number.isFinite(n)) return undefined;
  const seconds = format === "epoch-s" || (format !== "epoch-ms" && Math.abs(n) < 1e11);
  return checked(seconds ? Math.round(n * 1000) : Math.round(n));
}

function parseIso(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", fraction = "", zone] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const ms = fraction.padEnd(3, "0").slice(0, 3);
  const offset = !zone || zone.toUpperCase() === "Z" ? "Z" : normaliseOffset(zone);
  const parsed = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
  if (Number.isNaN(parsed)) return undefined;
  // Date.parse rolls 2024-02-31 over to March; a day that does not exist is not a time.
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return undefined;
  return checked(parsed);
}

function normaliseOffset(zone: string): string {
  const digits = zone.slice(1).replace(":", "");
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4).padEnd(2, "0")}`;
}

function checked(ms: number): number | undefined {
  return Math.abs(ms) <= MAX_DATE_MS ? ms : undefined;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** UTC wall time without a zone, the form Trieve's date filters take. */
export function toIsoLocal(ms: number): string {
  return toIso(ms).slice(0, -1);
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds of `24h`, `30m`, `7d`, `90s`, `2w`, `500ms`; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]!;
}

/** A point in time as callers give one: a Date, epoch milliseconds, an ISO string, `now`, or a duration meaning that long ago. */
export type TimeInput = Date | number | string;

export function resolveTime(input: TimeInput, now: number, name = "time"): number {
  if (input instanceof Date) {
    const ms = input.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`${name}: invalid Date`);
    return ms;
  }
  if (typeof input === "number") {
    if (!Number.isFinite(input) || Math.abs(input) > MAX_DATE_MS) throw new RangeError(`${name}: ${input} is not epoch milliseconds`);
    return input;
  }
  const text = input.trim();
  if (text.toLowerCase() === "now") return now;
  const ago = parseDuration(text);
  if (ago !== undefined) return now - ago;
  const at = parseIso(text);
  if (at === undefined) throw new RangeError(`${name}: "${input}" is neither a duration (24h, 30m, 7d) nor an ISO 8601 date`);
  return at;
}
