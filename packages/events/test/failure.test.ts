/**
 * One vendor failing (refused credentials, an outage, rate limits past the retries, a broken
 * page, too many events to sort) never stops the others, and the report says what happened.
 */
import { createMem0Client } from "@eventkit/mem0";
import {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  InvalidResponseError,
  RateLimitError,
} from "@eventkit/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventHub } from "../src/index.js";
import { DATASET_ID, hubFor, sharedScenario, sharedScenarios, startScenario, vendorConfig } from "./helpers/hub.js";
import { closedPortUrl, type LocalServer, sendJson, startLocalServer } from "./helpers/local-server.js";

const FAST_RETRIES = { retries: 2, baseDelayMs: 5, maxDelayMs: 20 };

describe("partial failure", () => {
  let refusing: LocalServer;
  beforeAll(async () => {
    refusing = await startLocalServer((req, res) =>
      sendJson(res, 401, { message: "invalid token", echoed: req.headers.authorization }),
    );
  });
  afterAll(() => refusing.close());

  it("lists the healthy vendors whole and reports each failure", async () => {
    const limited = await startScenario({
      vendor: "trieve",
      events: 30,
      rateLimit: { every: 1, retryAfterSeconds: 0 },
    });
    const flaky = await startScenario({ vendor: "datadog", events: 60, serverErrors: { burst: 2, after: 1 } });
    try {
      const hub = createEventHub({
        pageSize: 25,
        mem0: vendorConfig("mem0", sharedScenarios().mem0.url),
        opal: { ...vendorConfig("opal", refusing.url), retries: FAST_RETRIES },
        datadog: { ...vendorConfig("datadog", flaky.url), retries: FAST_RETRIES },
        trieve: { ...vendorConfig("trieve", limited.url), retries: FAST_RETRIES },
        capillary: { ...vendorConfig("capillary", await closedPortUrl()), retries: FAST_RETRIES },
      });
      const feed = hub.list();
      const events = await feed.toArray();
      const { vendors } = feed.report;

      expect(events.filter((e) => e.vendor === "mem0")).toHaveLength(
        (await (await sharedScenario("mem0")).events()).length,
      );
      expect(events.filter((e) => e.vendor === "datadog")).toHaveLength(60);
      expect(vendors.mem0).toMatchObject({ status: "ok", retries: 0, errors: [] });
      // Bursts of two 503s after every good page: survivable with two retries, and counted.
      expect(vendors.datadog).toMatchObject({ status: "ok", errors: [] });
      expect(vendors.datadog!.retries).toBe(2 * (vendors.datadog!.pages - 1));

      expect(vendors.opal).toMatchObject({ status: "failed", events: 0, retries: 0 });
      expect(vendors.opal!.errors[0]).toBeInstanceOf(AuthenticationError);
      expect(vendors.trieve).toMatchObject({ status: "failed", events: 0, retries: 2 });
      expect(vendors.trieve!.errors[0]).toBeInstanceOf(RateLimitError);
      expect(vendors.capillary).toMatchObject({ status: "failed", events: 0, retries: 2 });
      expect(vendors.capillary!.errors[0]).toBeInstanceOf(ConnectionError);
      expect(feed.report.failed.sort()).toEqual(["capillary", "opal", "trieve"]);
      expect(feed.report.ok).toBe(false);

      // The refusing server echoed the token back; the report must not carry it.
      expect(JSON.stringify(feed.report)).not.toContain("opal-test-token");
    } finally {
      await Promise.all([limited.close(), flaky.close()]);
    }
  });

  it("a page that is not JSON fails that vendor only", async () => {
    const broken = await startScenario({ vendor: "opal", events: 60, malformed: { page: 2 } });
    try {
      // Straight to the upstream: Prism would turn the broken body into a 500 of its own.
      const feed = hubFor({ opal: broken.upstreamUrl, capillary: sharedScenarios().capillary.url });
      const listing = feed.list();
      const events = await listing.toArray();
      expect(listing.report.vendors.opal?.status).toBe("failed");
      expect(listing.report.vendors.opal?.errors[0]).toBeInstanceOf(InvalidResponseError);
      // Opal's order is unknown, so a part of its events is not delivered as if it were all of them.
      expect(events.filter((e) => e.vendor === "opal")).toHaveLength(0);
      expect(listing.report.vendors.capillary?.status).toBe("ok");
      expect(events.filter((e) => e.vendor === "capillary").length).toBeGreaterThan(0);
    } finally {
      await broken.close();
    }
  });

  it("vendors in no documented order stream in bounded memory: time slices where they filter by time, sorted runs on disk where not", async () => {
    const urls = {
      opal: sharedScenarios().opal.url,
      trieve: sharedScenarios().trieve.url,
      mem0: sharedScenarios().mem0.url,
      datadog: sharedScenarios().datadog.url,
    };
    const listing = hubFor(urls, { maxBufferedEvents: 50, sliceEvents: 30 }).list();
    const events = await listing.toArray();
    for (const vendor of ["opal", "trieve", "mem0", "datadog"] as const) {
      expect(listing.report.vendors[vendor]).toMatchObject({ status: "ok", events: 120, errors: [], warnings: [] });
      const mine = events.filter((e) => e.vendor === vendor);
      expect(new Set(mine.map((e) => e.id)).size).toBe(120);
      expect(mine.every((e, i) => i === 0 || mine[i - 1]!.timestamp >= e.timestamp)).toBe(true);
    }
    // 120 events in slices of at most 30: at least four requests, though 25 a page would need five.
    expect(listing.report.vendors.opal!.pages).toBeGreaterThanOrEqual(4);
  });

  it("a vendor set up wrongly fails alone", async () => {
    const listing = createEventHub({
      trieve: { ...vendorConfig("trieve", sharedScenarios().trieve.url), datasetId: undefined, env: {} },
      opal: vendorConfig("opal", sharedScenarios().opal.url),
    }).list();
    await listing.toArray();
    expect(listing.report.vendors.trieve?.errors[0]).toBeInstanceOf(ConfigurationError);
    expect(listing.report.vendors.trieve?.errors[0]?.message).toContain("TRIEVE_DATASET_ID");
    expect(listing.report.vendors.opal?.status).toBe("ok");
  });

  it("takes a client built by the caller, whose retries it cannot see", async () => {
    const client = createMem0Client({ baseUrl: sharedScenarios().mem0.url, auth: { ApiKeyAuth: "k" } });
    const hub = createEventHub({
      mem0: client,
      trieve: {
        client: undefined as never,
        ...vendorConfig("trieve", sharedScenarios().trieve.url),
        datasetId: DATASET_ID,
      },
    });
    expect(hub.clients.mem0).toBe(client);
    const listing = hub.list({ vendors: ["mem0"] });
    expect((await listing.toArray()).length).toBe(120);
    expect(listing.report.vendors.mem0?.retries).toBeUndefined();
  });
});
