import { describe, expect, it } from "vitest";
import { emitTypes } from "../src/emit/types.js";
import { int64PathsOf } from "../src/stages/int64.js";
import type { JsonObject } from "../src/stages/load.js";

const doc = {
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {},
  components: {
    schemas: {
      Event: {
        type: "object",
        properties: {
          id: { type: "integer", "x-eventkit-int64": true },
          parent: { $ref: "#/components/schemas/Event" },
          n: { type: "integer" },
        },
      },
      Wrapped: {
        allOf: [
          { $ref: "#/components/schemas/Event" },
          { type: "object", properties: { big: { type: "integer", nullable: true, "x-eventkit-int64": true } } },
        ],
      },
    },
  },
} as unknown as JsonObject;
const json = (schema: unknown) => ({ content: { "application/json": { schema } } });

describe("int64PathsOf", () => {
  it("finds int64 fields through $ref, arrays, maps and allOf, once per place, in 2xx JSON bodies only", () => {
    const op = {
      responses: {
        "200": json({
          type: "object",
          properties: {
            events: { type: "array", items: { $ref: "#/components/schemas/Event" } },
            byKey: { type: "object", additionalProperties: { $ref: "#/components/schemas/Wrapped" } },
          },
        }),
        "404": json({ $ref: "#/components/schemas/Event" }),
      },
    } as unknown as JsonObject;
    // `parent` is the recursive Event again: its id is not listed again (one level is what a body holds in practice).
    expect(int64PathsOf(doc, op, [], "GET /x")).toEqual(["byKey.*.big", "byKey.*.id", "events.*.id"]);
  });

  it("is empty for an operation without such fields, and warns where a property name cannot be a dotted path", () => {
    const warnings: string[] = [];
    const op = {
      responses: {
        "200": json({
          type: "object",
          properties: { "a.b": { type: "integer", "x-eventkit-int64": true }, n: { type: "integer" } },
        }),
      },
    } as unknown as JsonObject;
    expect(int64PathsOf(doc, op, warnings, "GET /y")).toEqual([]);
    expect(warnings).toEqual([
      'GET /y: x-eventkit-int64 on property "a.b" is ignored: its name cannot be part of a dotted path',
    ]);
  });
});

describe("emitTypes", () => {
  it("types an int64 field as the string the client hands out (nullable: string | null)", async () => {
    const types = await emitTypes(doc, "fixture");
    expect(types).toMatch(/\bid\?: string;/);
    expect(types).toMatch(/\bbig\?: string \| null;/);
    expect(types).toMatch(/\bn\?: number;/);
  });
});
