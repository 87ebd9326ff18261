/**
 * Every field of every vendor's events, checked against the ground truth the scenario served: the
 * expected event is spelled out here per vendor, from the raw event, independently of the adapters.
 */
import { describe, expect, it } from "vitest";
import type { Event, VendorName } from "../src/index.js";
import { VENDOR_PACKAGES } from "../src/generated/vendors.js";
import { hubFor, sharedScenario, sharedScenarios } from "./helpers/hub.js";

/**
 * An event as the client hands it out: the fields its spec reads as int64 (`int64Paths`, from
 * `x-eventkit-int64`) arrive as strings of their digits, never through a lossy number.
 */
function asClientReads(vendor: string, operation: string | undefined, raw: Raw): Raw {
  const spec = VENDOR_PACKAGES.find((p) => p.spec.vendor === vendor)?.spec;
  const operations = Object.values(
    (spec?.operations ?? {}) as Record<string, { operationId: string; int64Paths?: readonly string[] }>,
  );
  const paths = (operations.find((op) => op.operationId === operation)?.int64Paths ?? [])
    .map((p) => p.split(".*.")[1])
    .filter((p): p is string => p !== undefined && !p.includes("."));
  const copy: Raw = { ...raw };
  for (const key of paths) if (typeof copy[key] === "number") copy[key] = String(copy[key]);
  return copy;
}

// biome-ignore lint/suspicious/noExplicitAny: raw vendor events, read field by field as the spec documents them.
type Raw = Record<string, any>;

const iso = (ms: number) => new Date(ms).toISOString();
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** An expected event; a field left undefined stands for one the event lacks (toEqual treats them alike). */
type Expected<E = Event> = E extends Event
  ? { [K in keyof E]?: E[K] | undefined } & { warnings?: string[] | undefined }
  : never;

const expectations: Record<
  string,
  { vendor: VendorName; operation?: string; api?: "v1" | "v2"; expected: (raw: Raw) => Expected }
> = {
  mem0: {
    vendor: "mem0",
    expected: (raw) => ({
      vendor: "mem0",
      id: raw.id,
      type: raw.event_type,
      occurredAt: iso(Date.parse(raw.created_at)),
      timestamp: Date.parse(raw.created_at),
      status: (
        { PENDING: "pending", RUNNING: "running", FAILED: "failure", SUCCEEDED: "success" } as Record<
          string,
          Event["status"]
        >
      )[raw.status],
      title: raw.event_type,
      tags: [],
    }),
  },
  opal: {
    vendor: "opal",
    expected: (raw) =>
      defined({
        vendor: "opal" as const,
        id: raw.event_id,
        type: raw.event_type,
        occurredAt: iso(Date.parse(raw.created_at)),
        timestamp: Date.parse(raw.created_at),
        status: "info" as const,
        actor: defined({
          id: raw.actor_user_id,
          name: raw.actor_name,
          email: raw.actor_email,
          ip: raw.actor_ip_address,
        }),
        title: raw.event_type,
        message: raw.sub_events?.length ? raw.sub_events.map((s: Raw) => s.sub_event_type).join(", ") : undefined,
        tags: raw.api_token_name ? [`api_token:${raw.api_token_name}`] : [],
      }),
  },
  "datadog v2": {
    vendor: "datadog",
    operation: "ListEvents",
    api: "v2",
    expected: (raw) => {
      const inner = raw.attributes.attributes;
      return defined({
        vendor: "datadog" as const,
        api: "v2" as const,
        id: raw.id,
        type: inner.source_type_name ?? inner.sourcecategory ?? inner.evt?.type,
        occurredAt: iso(Date.parse(raw.attributes.timestamp)),
        timestamp: Date.parse(raw.attributes.timestamp),
        status: (
          {
            failure: "failure",
            error: "failure",
            warning: "warning",
            info: "info",
            success: "success",
            user_update: "info",
            recommendation: "info",
            snapshot: "info",
          } as Record<string, Event["status"]>
        )[inner.status],
        title: inner.title,
        message: raw.attributes.message,
        tags: [...new Set([...(raw.attributes.tags ?? []), ...(inner.tags ?? [])])],
      });
    },
  },
  "datadog v1": {
    vendor: "datadog",
    operation: "ListEventsV1",
    api: "v1",
    expected: (raw) =>
      defined({
        vendor: "datadog" as const,
        api: "v1" as const,
        id: raw.id_str,
        type: raw.source_type_name,
        occurredAt: iso(raw.date_happened * 1000),
        timestamp: raw.date_happened * 1000,
        status: (
          {
            error: "failure",
            warning: "warning",
            info: "info",
            success: "success",
            user_update: "info",
            recommendation: "info",
            snapshot: "info",
          } as Record<string, Event["status"]>
        )[raw.alert_type],
        title: raw.title,
        message: raw.text,
        tags: raw.tags ?? [],
      }),
  },
  trieve: {
    vendor: "trieve",
    expected: (raw) =>
      defined({
        vendor: "trieve" as const,
        id: raw.id,
        type: raw.event_type,
        // Zone-less: UTC.
        occurredAt: iso(Date.parse(`${raw.created_at}Z`)),
        timestamp: Date.parse(`${raw.created_at}Z`),
        status: "info" as const,
        actor: raw.user_id ? { id: raw.user_id } : undefined,
        title: raw.event_name,
        tags: raw.is_conversion === true ? ["conversion"] : [],
      }),
  },
  capillary: {
    vendor: "capillary",
    expected: (raw) => {
      let details: unknown = raw.inputRequest;
      const warnings: string[] = [];
      try {
        details = JSON.parse(raw.inputRequest);
      } catch {
        warnings.push("inputRequest is not valid JSON");
      }
      const status =
        raw.status === "EVENT_SUCCESS" ? "success" : /_FAILED$|^INVALID_|^NO_/.test(raw.status) ? "failure" : "unknown";
      if (status === "unknown") warnings.push(`unknown status ${JSON.stringify(raw.status)}`);
      return defined({
        vendor: "capillary" as const,
        id: raw.id,
        type: raw.eventName,
        occurredAt: iso(raw.startTime),
        timestamp: raw.startTime,
        status: status as Event["status"],
        title: raw.eventName,
        message: raw.message,
        tags: [],
        details,
        warnings: warnings.length ? warnings : undefined,
      });
    },
  },
};

describe.each(Object.entries(expectations))("%s", (_name, { vendor, operation, api, expected }) => {
  it("normalises every event the scenario served, every field", async () => {
    const scenario = await sharedScenario(vendor);
    const truth = (await scenario.events(operation)) as Raw[];
    const hub = hubFor({ [vendor]: sharedScenarios()[vendor].url }, api ? { datadogApi: api } : {});
    const feed = hub.list();
    const events = await feed.toArray();

    expect(feed.report.vendors[vendor]).toMatchObject({ status: "ok", events: truth.length, errors: [] });
    expect(events).toHaveLength(truth.length);
    const byId = new Map(events.map((e) => [e.id, e]));
    for (const raw of truth) {
      const want = expected(raw);
      const got = byId.get(want.id!);
      expect(got, `event ${want.id}`).toBeDefined();
      const { warnings, ...rest } = got!;
      const { warnings: wantWarnings, ...wantRest } = want;
      expect(rest).toEqual({ ...wantRest, raw: asClientReads(vendor, operation, raw) });
      expect([...(warnings ?? [])].sort()).toEqual([...(wantWarnings ?? [])].sort());
    }
    // Our requests were valid for the vendor's spec (Prism checks each one).
    await scenario.expectNoViolations();
  });
});

describe("datadog both", () => {
  it("lists v1 and v2 with ids kept apart by prefix", async () => {
    const scenario = await sharedScenario("datadog");
    const v2 = (await scenario.events("ListEvents")) as Raw[];
    const v1 = (await scenario.events("ListEventsV1")) as Raw[];
    const events = await hubFor({ datadog: sharedScenarios().datadog.url }, { datadogApi: "both" }).list().toArray();
    const ids = events.map((e) => e.id).sort();
    expect(ids).toEqual([...v2.map((r) => `v2:${r.id}`), ...v1.map((r) => `v1:${r.id_str}`)].sort());
    for (const e of events) expect(e.id.startsWith(`${(e as { api: string }).api}:`)).toBe(true);
  });
});
