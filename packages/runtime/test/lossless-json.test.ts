import { describe, expect, it } from "vitest";
import { parseJsonLossless } from "../src/lossless-json.js";

describe("parseJsonLossless", () => {
  it("keeps an int64 id above 2^53 exactly, as a string of its digits", () => {
    // An id of the size of Datadog v1's (specs/datadog/recordings): JSON.parse would make this 8246013377260218000.
    const parsed = parseJsonLossless(
      '{"event":{"id":8246013377260218839,"id_str":"8246013377260218839","date_happened":1763457245}}',
    ) as { event: Record<string, unknown> };
    expect(parsed.event.id).toBe("8246013377260218839");
    expect(parsed.event.date_happened).toBe(1763457245);
  });

  it.each([
    ["a safe integer stays a number", "[9007199254740991, -9007199254740991]", [9007199254740991, -9007199254740991]],
    [
      "unsafe integers, negative too, become strings",
      "[9007199254740993,-9223372036854775808]",
      ["9007199254740993", "-9223372036854775808"],
    ],
    [
      "decimals and exponents are numbers as JSON.parse reads them",
      "[12345678901234567.5, 1e300]",
      JSON.parse("[12345678901234567.5, 1e300]"),
    ],
    [
      "digits inside strings, escaped quotes included, are untouched",
      '["a \\"12345678901234567890\\" b", "12345678901234567890"]',
      ['a "12345678901234567890" b', "12345678901234567890"],
    ],
    [
      "keys are strings",
      '{"12345678901234567890":12345678901234567890}',
      { "12345678901234567890": "12345678901234567890" },
    ],
  ])("%s", (_name, text, want) => {
    expect(parseJsonLossless(text)).toEqual(want);
  });

  it("rejects what JSON.parse rejects", () => {
    expect(() => parseJsonLossless("{")).toThrow(SyntaxError);
    expect(() => parseJsonLossless("01234567890123456789")).toThrow(SyntaxError);
  });
});
