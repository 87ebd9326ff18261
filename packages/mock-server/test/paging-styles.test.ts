/**
 * The scenario mocks page by the same `x-pagination` declaration as the clients' runtime, for the
 * styles none of the five vendors uses: a last-item cursor with a has-more flag, Link headers over a
 * bare array, page numbers with a total count. The client is built from the fixture by the generator,
 * and every response passes through Prism's validation.
 */
import { fileURLToPath } from "node:url";
import { loadFile, prepare } from "@eventkit/codegen";
import { createApiClient } from "@eventkit/runtime";
import { describe, expect, it } from "vitest";
import { startScenario } from "../src/scenario.js";
import { failOnViolations } from "../src/violations.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/paging-styles.yaml", import.meta.url));
const { model } = await prepare({ vendor: "paging", document: loadFile(FIXTURE), source: "fixture" }, { strict: true });
const PER_PAGE = 7;
const EVENTS = PER_PAGE * 4 + 3;

type Pages = Record<
  string,
  (
    init?: unknown,
    options?: { pageSize?: number },
  ) => AsyncIterable<{ items: unknown[]; data: unknown; response: Response }>
>;

describe.each(Object.entries(model.spec.operations))("%s", (method, op) => {
  it("lists every event once, in order, over five pages, each response valid for the spec", async () => {
    const scenario = await startScenario({ spec: FIXTURE, events: EVENTS });
    try {
      const client = createApiClient(model.spec, { baseUrl: scenario.url, fetch: failOnViolations() }) as unknown as {
        pages: Pages;
      };
      const pages = [];
      for await (const page of client.pages[method]!({}, { pageSize: PER_PAGE })) pages.push(page);
      expect(pages.map((p) => p.items.length)).toEqual([7, 7, 7, 7, 3]);
      expect(pages.flatMap((p) => p.items)).toEqual(scenario.events(op.operationId));
      // The stop fields say the same on every page: more until the last, and the full count.
      if (op.pagination?.hasMorePath)
        expect(pages.map((p) => (p.data as Record<string, unknown>)[op.pagination!.hasMorePath!])).toEqual([
          true,
          true,
          true,
          true,
          false,
        ]);
      if (op.pagination?.totalPath)
        expect(pages.map((p) => (p.data as { meta: { total: number } }).meta.total)).toEqual([
          EVENTS,
          EVENTS,
          EVENTS,
          EVENTS,
          EVENTS,
        ]);
      if (op.pagination?.linkHeader)
        expect(pages.map((p) => p.response.headers.has("link"))).toEqual([true, true, true, true, false]);
      scenario.expectNoViolations();
    } finally {
      await scenario.close();
    }
  });
});
