import { describe, expect, it } from "vitest";
import { parseDuration, resolveTime } from "../src/index.js";
import { parseTime } from "../src/time.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");

describe("resolveTime", () => {
  it.each([
    ["24h", "2024-04-30T12:00:00.000Z"],
    ["30m", "2024-05-01T11:30:00.000Z"],
    ["7d", "2024-04-24T12:00:00.000Z"],
    ["90s", "2024-05-01T11:58:30.000Z"],
    ["1w", "2024-04-24T12:00:00.000Z"],
    ["now", "2024-05-01T12:00:00.000Z"],
    ["2024-04-01", "2024-04-01T00:00:00.000Z"],
    ["2024-04-01T08:00:00", "2024-04-01T08:00:00.000Z"],
    ["2024-04-01T08:00:00+02:00", "2024-04-01T06:00:00.000Z"],
    ["2024-04-01 08:00:00.5Z", "2024-04-01T08:00:00.500Z"],
  ])("%s", (input, want) => {
    expect(new Date(resolveTime(input, NOW)).toISOString()).toBe(want);
  });

  it("takes Dates and epoch milliseconds as they are", () => {
    expect(resolveTime(new Date("2024-01-01T00:00:00Z"), NOW)).toBe(1704067200000);
    expect(resolveTime(1704067200000, NOW)).toBe(1704067200000);
  });

  it.each(["yesterday", "24", "2024-02-31", "12h ago", ""])("rejects %j", (input) => {
    expect(() => resolveTime(input, NOW, "--since")).toThrow(/--since/);
  });
});

describe("parseDuration", () => {
  it.each([
    ["5m", 300_000],
    ["500ms", 500],
    ["1.5h", 5_400_000],
    ["0s", 0],
  ])("%s", (input, want) => expect(parseDuration(input)).toBe(want));

  it.each(["5", "m", "-5m", "5 minutes"])("not a duration: %j", (input) =>
    expect(parseDuration(input)).toBeUndefined(),
  );
});

describe("event times", () => {
  it.each([
    ["2024-05-01T10:00:00.000Z", "iso", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T10:00:00Z", "iso", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T10:00:00.000", "iso-local", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T10:00:00", "iso", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01 10:00:00.123456", "iso-local", "2024-05-01T10:00:00.123Z"],
    ["2024-05-01T12:00:00+0200", "iso", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T12:00:00+02", "iso", "2024-05-01T10:00:00.000Z"],
    [1714557600, "epoch-s", "2024-05-01T10:00:00.000Z"],
    [1714557600000, "epoch-ms", "2024-05-01T10:00:00.000Z"],
    ["1714557600000", "epoch-ms", "2024-05-01T10:00:00.000Z"],
    [1714557600, "iso", "2024-05-01T10:00:00.000Z"],
    [1714557600000, "iso", "2024-05-01T10:00:00.000Z"],
  ] as const)("%j (%s)", (value, format, want) => {
    const ms = parseTime(value, format);
    expect(ms === undefined ? undefined : new Date(ms).toISOString()).toBe(want);
  });

  it.each([
    "2024-02-31T00:00:00.000Z",
    "2024-02-30T10:00:00Z",
    "2024-05-01T24:00:00.000Z",
    "2024-05-01T10:00:00 00Z",
    "2024-05-01T10:00:00.000+25:00",
    "soon",
    "",
  ])("%j is not a time", (value) => {
    expect(parseTime(value, "iso")).toBeUndefined();
  });
});
