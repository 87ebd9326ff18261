import { describe, expect, it } from "vitest";
import { formatTime, parseCanonical, parseIso, parseTime, type TimeFormat } from "../src/time-format.js";

const at = Date.UTC(2022, 4, 20, 12, 40, 20);

describe("parseTime", () => {
  it.each<[unknown, TimeFormat | TimeFormat[], number | undefined]>([
    ["2022-05-20T12:40:20Z", "iso", at],
    ["2022-05-20T12:40:20.000", "iso-local", at],
    ["2022-05-20 12:40:20", "sql", at],
    ["2022-05-20T14:40:20+02:00", "iso", at],
    // Rust's `time` crate Display, as Trieve writes created_at: an offset with seconds.
    ["2022-05-20 12:40:20.0 +00:00:00", "rust-time", at],
    ["2022-05-20 14:40:20.5 +02:00:00", "rust-time", at + 500],
    ["2022-05-20 10:40:19.000000001 -02:00:01", "rust-time", at],
    ["2022-05-20 12:40:20.0 +00:00:00", ["iso-local", "rust-time"], at],
    ["2022-05-20 12:40:20.0 +00:00:00", "iso-local", undefined],
    ["2022-05-20T12:40:20", "rust-time", undefined],
    ["2022-02-31 12:40:20.0 +00:00:00", "rust-time", undefined],
    [at, "epoch-ms", at],
    [at / 1000, "epoch-s", at],
    [String(at), "epoch-ms", at],
    ["yesterday", ["iso", "epoch-ms"], undefined],
    [null, "iso", undefined],
  ])("%j as %j → %j", (value, formats, want) => {
    expect(parseTime(value, formats)).toBe(want);
  });
});

describe("parseCanonical (the per-event fast path, read digit by digit)", () => {
  it.each<[string, number | undefined]>([
    ["2024-02-29T23:59:59.999Z", Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
    ["2000-02-29T00:00:00Z", Date.UTC(2000, 1, 29)],
    ["1969-12-31T23:59:59.999", -1],
    ["0000-01-01T00:00:00Z", Date.parse("0000-01-01T00:00:00Z")],
    ["9999-12-31T23:59:59.999Z", Date.parse("9999-12-31T23:59:59.999Z")],
    ["2023-02-29T00:00:00Z", undefined],
    ["1900-02-29T00:00:00Z", undefined],
    ["2024-04-31T00:00:00Z", undefined],
    ["2024-13-01T00:00:00Z", undefined],
    ["2024-00-01T00:00:00Z", undefined],
    ["2024-01-00T00:00:00Z", undefined],
    ["2024-01-01T24:00:00Z", undefined],
    ["2024-01-01T23:60:00Z", undefined],
    ["2024-01-01T23:59:60Z", undefined],
    ["2024-01-01T2a:00:00Z", undefined],
    ["-024-01-01T00:00:00Z", undefined],
    ["2024-01-01T00:00:00.1aZ", undefined],
  ])("%j → %j", (text, want) => {
    expect(parseCanonical(text)).toBe(want);
  });

  it("reads every day of four centuries as the strict ISO path does", () => {
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    for (let year = 1899; year <= 2301; year += 1)
      for (let month = 1; month <= 12; month++)
        for (const day of [1, 15, 28, 29, 30, 31]) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(day % 24, 2)}:${pad(month * 4, 2)}:${pad(year % 60, 2)}.${pad(year % 1000, 3)}Z`;
          expect(parseCanonical(text), text).toBe(parseIso(text));
        }
  });
});

describe("formatTime", () => {
  it.each<[TimeFormat, boolean, string | number]>([
    ["iso", false, "2022-05-20T12:40:20.250Z"],
    ["iso-local", false, "2022-05-20T12:40:20.250"],
    ["sql", false, "2022-05-20 12:40:20"],
    ["sql", true, "2022-05-20 12:40:21"],
    ["rust-time", false, "2022-05-20 12:40:20.25 +00:00:00"],
    ["epoch-ms", false, at + 250],
    ["epoch-s", false, at / 1000],
    ["epoch-s", true, at / 1000 + 1],
  ])("%s (ceil %s) → %j", (format, ceil, want) => {
    expect(formatTime(at + 250, format, ceil)).toBe(want);
  });

  it("every format reads back what it writes", () => {
    for (const format of ["iso", "iso-local", "sql", "rust-time", "epoch-ms", "epoch-s"] as const) {
      expect(parseTime(formatTime(at, format), format)).toBe(at);
    }
  });
});
