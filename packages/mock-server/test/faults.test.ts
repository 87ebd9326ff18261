/**
 * Injected faults on every paginated operation: rate limits and 5xx bursts are recovered by the
 * runtime's retries with nothing lost; what cannot be recovered surfaces as the right error.
 */
import { InternalServerError, InvalidResponseError, TimeoutError } from "@eventkit/runtime";
import { describe, expect, inject, it } from "vitest";
import { failOnViolations } from "../src/violations.js";
import { asClientReads, collect, listingInit, listingPlan, useScenarios } from "./helpers/scenarios.js";
import { clientFactory, credentials, vendorDocument, vendorOperations } from "./helpers/vendors.js";
import type { Listing } from "./helpers/vendors.js";

const { vendors } = inject("eventkitMocks");
const startScenario = useScenarios();
const PAGES = 3;
/** Retries without the default half-second backoff: these tests wait only where a server says so. */
const QUICK_RETRIES = { retries: 2, baseDelayMs: 1, maxDelayMs: 5 };

const paginated: Listing[] = [];
for (const vendor of vendors) {
  const create = await clientFactory(vendor);
  const clientSpec = create().spec;
  for (const op of vendorOperations(clientSpec, vendorDocument(vendor))) {
    if (op.feed?.pagination) paginated.push({ vendor, create, auth: credentials(clientSpec), op });
  }
}

describe.concurrent.each(paginated.map((p) => [`${p.vendor} ${p.op.method}`, p] as const))(
  "%s",
  (_name, { vendor, create, auth, op }) => {
    const feed = op.feed!;
    const operationId = feed.operation.operationId;
    const plan = listingPlan(feed, PAGES);
    const sizes = { events: plan.events, ...(plan.scenarioPageSize ? { pageSize: plan.scenarioPageSize } : {}) };
    const paging = plan.clientPageSize ? { pageSize: plan.clientPageSize } : {};

    it("waits as Retry-After says after a 429 and loses nothing", async () => {
      const scenario = await startScenario({ vendor, ...sizes, rateLimit: { every: 3, retryAfterSeconds: 1 } });
      const truth = await scenario.events(operationId);
      const delays: number[] = [];
      const client = create({
        baseUrl: scenario.url,
        auth,
        fetch: failOnViolations(),
        retries: QUICK_RETRIES,
        observer: { onRetry: (e: { delayMs: number }) => delays.push(e.delayMs) },
      });
      const items = await collect(client.paginate[op.method](listingInit(op, truth), paging));
      expect(items).toEqual(asClientReads(op, truth));
      const limited = (await scenario.requests()).filter((r) => r.fault === "rate-limit");
      expect(limited.length).toBeGreaterThan(0);
      expect(delays).toEqual(limited.map(() => 1000));
    });

    it("retries through a burst of 5xx responses and loses nothing", async () => {
      const scenario = await startScenario({ vendor, ...sizes, serverErrors: { burst: 2, status: 503 } });
      const truth = await scenario.events(operationId);
      const client = create({ baseUrl: scenario.url, auth, fetch: failOnViolations(), retries: QUICK_RETRIES });
      const items = await collect(client.paginate[op.method](listingInit(op, truth), paging));
      expect(items).toEqual(asClientReads(op, truth));
      const failed = (await scenario.requests()).filter((r) => r.fault === "server-error");
      expect(failed).toHaveLength(2 * (PAGES - 1));
    });

    it("surfaces a burst longer than the retries as the typed 5xx error", async () => {
      const scenario = await startScenario({ vendor, ...sizes, serverErrors: { burst: 3, status: 503 } });
      const truth = await scenario.events(operationId);
      const client = create({ baseUrl: scenario.url, auth, fetch: failOnViolations(), retries: QUICK_RETRIES });
      const error = await collect(client.paginate[op.method](listingInit(op, truth), paging)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InternalServerError);
      expect(error).toMatchObject({ status: 503, vendor });
    });

    it("a broken JSON body: through the proxy it is Prism's 500, straight from the upstream an InvalidResponseError", async () => {
      const scenario = await startScenario({ vendor, ...sizes, malformed: { page: 1 } });
      const truth = await scenario.events(operationId);
      const init = listingInit(op, truth);
      const proxied = create({ baseUrl: scenario.url, auth, fetch: failOnViolations(), retries: 0 });
      await expect(proxied[op.method](init)).rejects.toBeInstanceOf(InternalServerError);
      const direct = create({ baseUrl: scenario.upstreamUrl, auth, retries: 0 });
      await expect(direct[op.method](init)).rejects.toBeInstanceOf(InvalidResponseError);
      expect((await scenario.requests()).map((r) => r.fault)).toEqual(["malformed", "malformed"]);
    });

    it("a slow server runs into the client's timeout", async () => {
      const scenario = await startScenario({ vendor, ...sizes, slowMs: 2000 });
      const truth = await scenario.events(operationId);
      const client = create({ baseUrl: scenario.url, auth, fetch: failOnViolations(), retries: 0, timeoutMs: 100 });
      await expect(client[op.method](listingInit(op, truth))).rejects.toBeInstanceOf(TimeoutError);
    });
  },
);
