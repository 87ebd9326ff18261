/** The time formats of `x-eventkit-feed`: how an event's time is written and how a filter reads one. */
export type TimeFormat = "iso" | "iso-local" | "epoch-ms" | "epoch-s";

export const TIME_FORMATS: readonly TimeFormat[] = ["iso", "iso-local", "epoch-ms", "epoch-s"];

export function formatTime(ms: number, format: TimeFormat): string | number {
  switch (format) {
    case "iso":
      return new Date(ms).toISOString();
    case "iso-local":
      // UTC wall time without a zone, as a server serialising a naive timestamp writes it.
      return new Date(ms).toISOString().slice(0, -1);
    case "epoch-ms":
      return ms;
    case "epoch-s":
      return Math.floor(ms / 1000);
  }
}

/** Milliseconds since the epoch, or undefined for a value the format cannot read (date math, junk). */
export function parseTime(value: unknown, format: TimeFormat): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (format === "epoch-ms" || format === "epoch-s") {
    const n = typeof value === "number" ? value : /^-?\d+(\.\d+)?$/.test(String(value).trim()) ? Number(value) : NaN;
    if (Number.isFinite(n)) return format === "epoch-s" ? n * 1000 : n;
  }
  const text = String(value).trim().replace(" ", "T");
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(text) || !/T\d/.test(text);
  const ms = Date.parse(format === "iso-local" && !zoned ? `${text}Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}
