import { describe, expect, it } from "vitest";
import { formatTime, parseTime, type TimeFormat } from "../src/time-format.js";

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
