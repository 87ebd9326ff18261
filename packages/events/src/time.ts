import { MAX_DATE_MS, parseIso } from "@eventkit/runtime/time";

export { parseTime, toIso, type TimeFormat } from "@eventkit/runtime/time";

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
    if (!Number.isFinite(input) || Math.abs(input) > MAX_DATE_MS)
      throw new RangeError(`${name}: ${input} is not epoch milliseconds`);
    return input;
  }
  const text = input.trim();
  if (text.toLowerCase() === "now") return now;
  const ago = parseDuration(text);
  if (ago !== undefined) return now - ago;
  const at = parseIso(text);
  if (at === undefined)
    throw new RangeError(`${name}: "${input}" is neither a duration (24h, 30m, 7d) nor an ISO 8601 date`);
  return at;
}
