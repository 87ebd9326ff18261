/**
 * Every operation of every vendor's spec, called through its generated client against Prism: with
 * the spec's examples and with generated data for several seeds. Prism must accept the request,
 * find nothing wrong with the response, and the typed result must hold what the spec requires.
 */
import { describe, expect, inject, it } from "vitest";
import { successResponse } from "../src/openapi.js";
import { describeViolation } from "../src/violations.js";
import { allowlist, allows, type AllowedViolation } from "./helpers/allowlist.js";
import { requiredInit, missingRequired } from "./helpers/requests.js";
import { clientFactory, credentials, vendorDocument, vendorOperations } from "./helpers/vendors.js";
import { recordingFetch, type Seen } from "./helpers/wire.js";

const { vendors, mocks, dynamic, seed } = inject("eventkitMocks");
const SEEDS = [11, 22, 33];

for (const vendor of vendors) {
  const create = await clientFactory(vendor);
  const clientSpec = create().spec;
  const auth = credentials(clientSpec);
  const operations = vendorOperations(clientSpec, vendorDocument(vendor));
  const matched = new Set<AllowedViolation>();

  describe(vendor, () => {
    for (const { method, operation } of operations) {
      const success = successResponse(operation);

      async function call(baseUrl: string, headers?: Record<string, string>): Promise<{ data: unknown; seen: Seen }> {
        const wire = recordingFetch();
        const client = create({ baseUrl, auth, fetch: wire.fetch, retries: 0 });
        const data: unknown = await client[method]({ ...requiredInit(operation), ...(headers ? { headers } : {}) });
        expect(wire.seen).toHaveLength(1);
        return { data, seen: wire.seen[0]! };
      }

      function expectValid({ data, seen }: { data: unknown; seen: Seen }, kind: AllowedViolation["data"]): void {
        expect(seen.status).toBe(success?.status);
        const tolerated: string[] = [];
        // Any severity: a mock answering from the spec has no reason for even a warning.
        const unexpected = seen.violations.filter((v) => {
          const entry = allowlist.find((e) => allows(e, vendor, operation.operationId, kind, v));
          if (entry) {
            matched.add(entry);
            tolerated.push(v.location.slice(2).join("."));
          }
          return !entry;
        });
        expect(
          unexpected.map(describeViolation),
          `Prism found violations in ${vendor} ${operation.operationId} (${kind})`,
        ).toEqual([]);
        // A field the allowlist excuses from the response is excused from this check too, and only that.
        const missing = missingRequired(success?.schema, data).filter(
          (path) => !tolerated.some((t) => path === t || path.startsWith(`${t}.`)),
        );
        expect(missing, "required fields missing from the typed result").toEqual([]);
      }

      it(`${method}: the spec's examples`, async () => {
        expectValid(await call(mocks[vendor]!), "example");
      });

      it.each(SEEDS)(`${method}: generated data, seed %i`, async (n) => {
        expectValid(await call(mocks[vendor]!, { Prefer: `dynamic=true, seed=${n}` }), "dynamic");
      });

      it(`${method}: a seeded dynamic mock answers the same data every time`, async () => {
        const first = await call(dynamic[vendor]!);
        const second = await call(dynamic[vendor]!);
        const perRequest = await call(mocks[vendor]!, { Prefer: `dynamic=true, seed=${seed}` });
        expectValid(first, "dynamic");
        expect(second.data).toEqual(first.data);
        expect(perRequest.data).toEqual(first.data);
      });
    }

    it("matches every allowlist entry it has (a stale entry hides nothing and must go)", () => {
      const stale = allowlist.filter((e) => e.vendor === vendor && !matched.has(e));
      expect(stale.map((e) => `${e.operationId} ${e.data} ${e.location} (${e.code})`)).toEqual([]);
    });
  });
}

describe("allowlist", () => {
  it("names only vendors and operations that exist, each with a reason", () => {
    for (const entry of allowlist) {
      expect(vendors).toContain(entry.vendor);
      expect(entry.reason.length).toBeGreaterThan(20);
    }
  });
});
