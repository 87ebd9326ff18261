import { describe, expect, it } from "vitest";
import { SpecViolationError } from "../src/errors.js";
import { formatExchange, formatTable } from "../src/request-log.js";
import { assertNoViolations, parseViolations, type Violation } from "../src/violations.js";

const error: Violation = {
  location: ["response", "body", "id"],
  severity: "Error",
  code: "type",
  message: "must be string",
};
const warning: Violation = { location: [], severity: "Warning", message: "Unable to match the returned status code" };

describe("parseViolations", () => {
  it.each<[string, string | null, Violation[]]>([
    ["no header", null, []],
    ["Prism's JSON list", JSON.stringify([error]), [error]],
    [
      "a header Prism cut short",
      `Too many violations! ${JSON.stringify([error]).slice(0, 20)}`,
      [{ location: [], severity: "Error", message: "too many violations to list" }],
    ],
  ])("%s", (_name, header, want) => {
    expect(parseViolations(header)).toEqual(want);
  });
});

describe("assertNoViolations", () => {
  const record = (violations: Violation[]) => [{ method: "GET", path: "/events", status: 200, violations }];

  it("passes warnings unless asked for them", () => {
    expect(() => assertNoViolations(record([warning]), "opal")).not.toThrow();
    expect(() => assertNoViolations(record([warning]), "opal", { warnings: true })).toThrow(SpecViolationError);
  });

  it("lists each error under its request", () => {
    expect(() => assertNoViolations(record([error, warning]), "opal scenario")).toThrow(
      "opal scenario: 1 spec violation reported by Prism:\n  GET /events → 200\n    error at response.body.id: must be string",
    );
  });
});

describe("request log", () => {
  const at = new Date("2025-01-01T12:03:04Z");

  it("writes one line per exchange and one per violation", () => {
    const line = formatExchange(
      { target: "opal", method: "GET", path: "/events?page_size=5", status: 200, durationMs: 2.4, violations: [error] },
      6,
      at,
    );
    expect(line).toBe(
      "12:03:04 opal    GET    /events?page_size=5 → 200  2 ms  1 violation\n                 ↳ error at response.body.id: must be string",
    );
  });

  it("names what Prism answered by itself", () => {
    const line = formatExchange(
      {
        target: "mem0",
        method: "GET",
        path: "/v1/events/",
        status: 401,
        durationMs: 1,
        violations: [],
        problem: { title: "Invalid security scheme used" },
      },
      4,
      at,
    );
    expect(line).toBe(
      "12:03:04 mem0  GET    /v1/events/ → 401  (Prism: Invalid security scheme used)  1 ms  0 violations",
    );
  });

  it("pads table columns to their widest cell", () => {
    expect(
      formatTable(
        ["vendor", "url"],
        [
          ["opal", "http://a"],
          ["capillary", "http://b"],
        ],
      ),
    ).toBe("vendor     url\n---------  --------\nopal       http://a\ncapillary  http://b");
  });
});
