import type { TimeFormat } from "./spec.js";

export type { TimeFormat } from "./spec.js";

/** Every format `x-eventkit-feed` may declare; see `TimeFormat`. */
export const TIME_FORMATS: readonly TimeFormat[] = ["iso", "iso-local", "sql", "rust-time", "epoch-ms", "epoch-s"];

/** Beyond this `Date` cannot represent the time. */
export const MAX_DATE_MS = 8.64e15;

/**
 * ISO 8601 date-times as vendors write them: `T` or a space between date and time, any number of
 * fraction digits (Python writes microseconds), `Z`, `+hh:mm`, `+hhmm`, `+hh` or no zone at all.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Rust `time`'s OffsetDateTime Display: `2022-05-20 12:40:20.0 +00:00:00` (offset with seconds). */
const RUST_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))? ([+-])(\d{2}):(\d{2}):(\d{2})$/;

const NUMERIC = /^-?\d+(?:\.\d+)?$/;

/**
 * Epoch milliseconds of a time written in one of `formats` (tried in order), or undefined when
 * none reads it. Zone-less ISO is UTC (never the local zone of the machine running this). A number
 * where ISO was expected is read as epoch seconds below 10^11 (year 5138) and milliseconds above,
 * which no date in use confuses.
 */
export function parseTime(value: unknown, formats: TimeFormat | readonly TimeFormat[]): number | undefined {
  if (typeof formats === "string") return parseOne(value, formats);
  for (const format of formats) {
    const ms = parseOne(value, format);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

function parseOne(value: unknown, format: TimeFormat): number | undefined {
  if (typeof value === "number") return epoch(value, format);
  if (typeof value !== "string") return undefined;
  if (format === "rust-time") return parseRustTime(value.trim());
  const canonical = parseCanonical(value);
  if (canonical !== undefined) return canonical;
  const text = value.trim();
  if (NUMERIC.test(text)) return epoch(Number(text), format);
  return parseIso(text);
}

/**
 * `2024-05-01T10:00:00.000Z`, `2024-05-01T10:00:00Z` or the same without `Z` (UTC all the same),
 * what most vendors send: read digit by digit into epoch milliseconds, since this runs once per
 * event (no pattern, no Date.parse, no string made). A month, day, hour, minute or second that does
 * not exist (Feb 31, 24:00, :60) is not read here; the strict path then refuses it too.
 */
export function parseCanonical(text: string): number | undefined {
  const length = text.length;
  const zoned = text.charCodeAt(length - 1) === 90;
  if (!(zoned ? length === 24 || length === 20 : length === 23 || length === 19) || text.charCodeAt(10) !== 84)
    return undefined;
  // The separators where they belong (- - T : : and . before milliseconds).
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    (length > 20 && text.charCodeAt(19) !== 46)
  )
    return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millis = length > 20 ? digits(text, 20, 3) : 0;
  // digits() is -1 for anything but digits, which every range below refuses.
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23)
    return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) return undefined;
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis;
}

/** The decimal number of `count` digits at `at`, or -1 when one of them is not a digit. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function epoch(n: number, format: TimeFormat): number | undefined {
  if (!Number.isFinite(n) || format === "rust-time") return undefined;
  const seconds = format === "epoch-s" || (format !== "epoch-ms" && Math.abs(n) < 1e11);
  return checked(seconds ? Math.round(n * 1000) : Math.round(n));
}

/** Any ISO 8601 date-time (see `ISO`), strictly: a day or hour that does not exist is not a time. */
export function parseIso(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", fraction = "", zone] = m;
  const offset = !zone || zone.toUpperCase() === "Z" ? "Z" : normaliseOffset(zone);
  return civil(y!, mo!, d!, h, mi, s, fraction, offset);
}

function parseRustTime(text: string): number | undefined {
  const m = RUST_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = "", sign, oh, om, os] = m;
  const utc = civil(y!, mo!, d!, h!.padStart(2, "0"), mi!, s!, fraction, "Z");
  if (utc === undefined || Number(om) > 59 || Number(os) > 59) return undefined;
  const offsetMs = ((Number(oh) * 60 + Number(om)) * 60 + Number(os)) * 1000;
  return checked(sign === "-" ? utc + offsetMs : utc - offsetMs);
}

function civil(
  y: string,
  mo: string,
  d: string,
  h: string,
  mi: string,
  s: string,
  fraction: string,
  offset: string,
): number | undefined {
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const ms = fraction.padEnd(3, "0").slice(0, 3);
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

/**
 * `ms` written as `format`. Formats coarser than milliseconds round down, or up with `ceil` (the
 * end of a window, so that rounding never cuts events off it).
 */
export function formatTime(ms: number, format: TimeFormat, ceil = false): string | number {
  const round = ceil ? Math.ceil : Math.floor;
  switch (format) {
    case "iso":
      return toIso(ms);
    case "iso-local":
      return toIso(ms).slice(0, -1);
    case "sql":
      return toIso(round(ms / 1000) * 1000)
        .slice(0, 19)
        .replace("T", " ");
    case "rust-time": {
      const iso = toIso(ms);
      const fraction =
        String(((ms % 1000) + 1000) % 1000)
          .padStart(3, "0")
          .replace(/0+$/, "") || "0";
      return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction} +00:00:00`;
    }
    case "epoch-ms":
      return ms;
    case "epoch-s":
      return round(ms / 1000);
  }
}
