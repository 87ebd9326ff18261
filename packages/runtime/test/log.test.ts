import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, formatAttempt, formatRetry, type LogSink } from "../src/log.js";

describe("createLogger", () => {
  const sink: LogSink = () => {};

  it.each<[string, boolean | undefined, string | undefined, "off" | "stderr"]>([
    ["off by default", undefined, undefined, "off"],
    ["true enables", true, undefined, "stderr"],
    ["false wins over the environment", false, "*", "off"],
    ["EVENTKIT_DEBUG=1", undefined, "1", "stderr"],
    ["EVENTKIT_DEBUG=true", undefined, "TRUE", "stderr"],
    ["EVENTKIT_DEBUG=*", undefined, "*", "stderr"],
    ["a list naming the vendor", undefined, "other, acme", "stderr"],
    ["a list not naming the vendor", undefined, "other,acmex", "off"],
    ["EVENTKIT_DEBUG=0", undefined, "0", "off"],
    ["empty EVENTKIT_DEBUG", undefined, "", "off"],
  ])("%s", (_name, option, debug, want) => {
    const logger = createLogger(option, { EVENTKIT_DEBUG: debug }, "acme");
    expect(logger === undefined ? "off" : "stderr").toBe(want);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("writes one line per call to stderr by default", () => {
    const written: unknown[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => written.push(chunk) > 0);
    createLogger(true, {}, "acme")?.("[eventkit] hello");
    expect(written).toEqual(["[eventkit] hello\n"]);
  });

  it("uses a given sink as is, whatever the environment says", () => {
    expect(createLogger(sink, {}, "acme")).toBe(sink);
  });
});

describe("line formats", () => {
  it("formats an attempt", () => {
    const line = formatAttempt({
      vendor: "acme",
      method: "GET",
      url: "https://api.acme.test/v1/events?cursor=abc",
      outcome: 200,
      durationMs: 123.4,
      attempt: 2,
      attempts: 3,
    });
    expect(line).toBe("[eventkit] acme GET https://api.acme.test/v1/events?cursor=abc → 200 in 123 ms (attempt 2/3)");
  });

  it("formats a retry", () => {
    expect(formatRetry({ vendor: "acme", retry: 1, retries: 2, delayMs: 850.2, reason: 503 })).toBe(
      "[eventkit] acme retry 1/2 in 850 ms after 503",
    );
  });
});
