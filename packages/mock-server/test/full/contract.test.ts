/**
 * Every operation of the full Datadog v2 document, called through its generated client against
 * Prism: once with the spec's examples, once with generated data. Requests come from the spec's
 * own examples and schemas (no body on GET), responses are read by their content type, and
 * whatever the mock answers (a violation, a 4xx, a 500 from a crash while generating data) is
 * this operation's result alone. Operations that fail are listed in known-failures.json, each
 * with its cause (the vendor's document, the mock, or our request builder) and the defect; they
 * are expected to fail, so a fixed one shows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { pascalName } from "@eventkit/codegen";
import { operationsOf, successResponse, type Operation } from "../../src/openapi.js";
import { describeViolation } from "../../src/violations.js";
import { loadGivenSpec } from "../../src/specs.js";
import { acceptedInit, prismBodyCheck } from "../helpers/request-bodies.js";
import { missingRequired, responseKind } from "../helpers/requests.js";
import { credentials, type Factory } from "../helpers/vendors.js";
import { recordingFetch } from "../helpers/wire.js";
import { VENDOR } from "./fixture.js";
import { known, knownFailure } from "./known-failures.js";

const { skipped, dir, mock, dynamic } = inject("fullDocument");

if (skipped) {
  it.skip(`the full Datadog v2 document: ${skipped}`, () => undefined);
} else {
  const module = (await import(join(dir!, "src/index.ts"))) as Record<string, Factory>;
  const create = module[`create${pascalName(VENDOR)}Client`]!;
  const clientSpec = create().spec;
  const auth = credentials(clientSpec);
  const document = JSON.parse(readFileSync(join(dir!, "src/generated/openapi.json"), "utf8")) as Record<
    string,
    unknown
  >;
  const byId = new Map(operationsOf(document).map((o) => [o.operationId, o]));
  const checkBody = await prismBodyCheck(loadGivenSpec(join(dir!, "src/generated/openapi.json")));

  /** Calls one operation; any answer is returned for the checks, never thrown past this test. */
  async function call(method: string, operation: Operation, baseUrl: string) {
    const wire = recordingFetch();
    const client = create({ baseUrl, auth, fetch: wire.fetch, retries: 0 });
    const kind = responseKind(document, operation);
    let data: unknown;
    let error: unknown;
    try {
      data = await client[method]({
        ...acceptedInit(operation, checkBody),
        ...(kind === "json" ? {} : { parseAs: kind }),
      });
    } catch (e) {
      error = e;
    }
    return { data, error, seen: wire.seen };
  }

  function explain(error: unknown): string {
    if (!error || typeof error !== "object") return String(error);
    const e = error as { status?: number; body?: unknown; message?: string };
    const body = typeof e.body === "string" ? e.body : JSON.stringify(e.body);
    return `${e.message ?? ""}${e.status ? ` (status ${e.status})` : ""}${body ? `: ${body.slice(0, 600)}` : ""}`;
  }

  /** Every way the exchange differs from the spec, in full: a failure names the operation, the data and what is wrong. */
  async function problems(method: string, operation: Operation, baseUrl: string): Promise<string[]> {
    const result = await call(method, operation, baseUrl);
    const success = successResponse(operation);
    const found: string[] = [];
    if (result.error !== undefined) found.push(`the call failed: ${explain(result.error)}`);
    if (result.seen.length !== 1) found.push(`${result.seen.length} requests were sent, not 1`);
    const seen = result.seen[0];
    if (seen && seen.status !== (success?.status ?? 200))
      found.push(`status ${seen.status}, the spec's success status is ${success?.status ?? 200}`);
    if (seen?.violations.length)
      found.push(`Prism found violations: ${seen.violations.map(describeViolation).join("; ")}`);
    if (result.error === undefined) {
      const missing = missingRequired(success?.schema, result.data);
      if (missing.length) found.push(`required fields missing from the typed result: ${missing.join(", ")}`);
    }
    return found;
  }

  async function check(method: string, operation: Operation, baseUrl: string, data: string): Promise<void> {
    const found = await problems(method, operation, baseUrl);
    if (found.length) throw new Error(`${operation.operationId} (${data}): ${found.join(" | ")}`);
  }

  describe(`the full Datadog v2 document (${Object.keys(clientSpec.operations).length} operations)`, () => {
    for (const [method, spec] of Object.entries(clientSpec.operations)) {
      const operation = byId.get(spec.operationId)!;
      const runs = [
        { data: "example" as const, label: "example", url: mock! },
        ...dynamic!.map((d) => ({
          data: "dynamic" as const,
          seed: d.seed,
          label: `dynamic, seed ${d.seed}`,
          url: d.url,
        })),
      ];
      for (const run of runs) {
        const failure = knownFailure(spec.operationId, run.data, "seed" in run ? run.seed : undefined);
        const test = failure ? it.fails : it;
        test(`${spec.operationId} (${run.label})${failure ? `: known failure (${failure.cause}), ${failure.defect}` : ""}`, async () => {
          await check(method, operation, run.url, run.label);
        });
      }
    }
  });

  describe("known-failures.json", () => {
    it("names only operations of the document, each with its cause and defect", () => {
      for (const entry of known) {
        expect(byId.has(entry.operationId), entry.operationId).toBe(true);
        expect(["vendor", "mock", "ours"]).toContain(entry.cause);
        expect(["example", "dynamic", "scenario"]).toContain(entry.data);
        expect(entry.defect.length).toBeGreaterThan(20);
        for (const seed of entry.seeds ?? []) expect(Number.isInteger(seed), `${entry.operationId} seeds`).toBe(true);
      }
    });
  });
}
