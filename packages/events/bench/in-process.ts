/**
 * Vendors answered from memory: an `exchange` for each client that builds the page asked for on the
 * fly (nothing is stored, so the source adds no memory of its own) with each vendor's own paging.
 * The real clients, adapters and merge still do all their work: parse JSON, follow cursors,
 * normalise, merge.
 */
import type { Exchange } from "@eventkit/runtime";
import type { VendorName } from "../src/index.js";

export const T0 = Date.UTC(2025, 0, 1);
const STEP_MS = 1000;

export interface SourceShape {
  /** Events per vendor listing. */
  readonly events: number;
  /** Events per page where the server decides (Mem0); the others follow the request or their spec. */
  readonly mem0PageSize: number;
  /**
   * Keep each response body once built (throughput runs, after a warm-up listing): the source then
   * costs a lookup, and what is timed is the hub. Memory runs build every body afresh instead, so
   * that the source holds nothing.
   */
  readonly cache?: boolean;
}

const STATUSES = ["PENDING", "RUNNING", "FAILED", "SUCCEEDED"];
const DD_STATUSES = ["error", "warning", "info", "success", "user_update"];
const CAP_STATUSES = ["EVENT_SUCCESS", "EMF_PROCESSOR_FAILED", "INVALID_GROUP_IDENTIFIER_PASSED", "EVENT_SUCCESS"];

const timeOf = (i: number) => T0 - i * STEP_MS;
const iso = (ms: number) => new Date(ms).toISOString();

const pad = (i: number) => String(i).padStart(12, "0");

/**
 * Each event written straight as JSON text, as a server serialising rows would: building objects
 * only to stringify them would make the source, not the hub, the bulk of what is measured.
 */
const raw: Record<string, (i: number) => string> = {
  mem0: (i) =>
    `{"id":"7a1f0c2e-0000-4000-8000-${pad(i)}","event_type":"${i % 3 ? "ADD" : "SEARCH"}","status":"${STATUSES[i % 4]}","payload":{},"metadata":null,"results":[],"created_at":"${iso(timeOf(i))}","updated_at":"${iso(timeOf(i) + 40)}","started_at":"${iso(timeOf(i) + 5)}","completed_at":"${iso(timeOf(i) + 40)}","latency":35.2}`,
  opal: (i) =>
    `{"event_id":"0b9d3c41-0000-4000-8000-${pad(i)}","actor_user_id":"1b978423-db0a-4037-a4cf-f79c60cb67b3","actor_name":"John Smith","actor_email":"john@acmecorp.com","event_type":"USERS_CREATED","created_at":"${iso(timeOf(i))}","actor_ip_address":"10.0.0.1","api_token_name":"ci","sub_events":[{"sub_event_type":"USER_TEAM_UPDATED"}]}`,
  datadogV2: (i) =>
    `{"id":"AAAAAWgN8Xwgr1vKDQAAAABBV2dOOFh3ZzZobm1mWXJF${i}","type":"event","attributes":{"message":"%%%\\nError rate on service datadog-api is above 5%\\n%%%","tags":["team:a","env:prod"],"timestamp":"${iso(timeOf(i))}","attributes":{"status":"${DD_STATUSES[i % 5]}","title":"[Triggered] High error rate","source_type_name":"monitor alert","tags":["env:prod"],"timestamp":${timeOf(i)},"service":"datadog-api","hostname":"web-01","evt":{"id":"65097510662${pad(i)}","name":"High error rate","source_id":36,"type":"error_tracking_alert"}}}}`,
  datadogV1: (i) =>
    `{"id":${6509751066204996000 + i},"id_str":"65097510662${pad(i)}","date_happened":${Math.floor(timeOf(i) / 1000)},"alert_type":"${DD_STATUSES[i % 5]}","title":"Deploy finished","text":"api v1.2.3 deployed","tags":["env:prod"],"source_type_name":"deployment","host":"web-01","priority":"normal"}`,
  trieve: (i) =>
    `{"id":"1bac6b20-0000-4000-8000-${pad(i)}","event_type":"view","event_name":"Viewed Home Page","created_at":"${iso(timeOf(i)).slice(0, -1)}","updated_at":"${iso(timeOf(i)).slice(0, -1)}","dataset_id":"00000000-0000-0000-0000-000000000000","items":["item1"],"user_id":"user1","is_conversion":${i % 7 === 0}}`,
  capillary: (i) =>
    `{"startTime":${timeOf(i)},"responseTime":120,"orgId":100737,"status":"${CAP_STATUSES[i % 4]}","eventName":"Group_User_Event","inputRequest":"{\\"event_name\\":\\"Group_User_Event\\",\\"customer\\":\\"9199703${i}\\"}","id":"b40d2f6b-0000-4000-8000-${pad(i)}","webhookId":"67b62dffb7f5337f8a8237970bd0a467","parentOrgId":-1,"message":"Event processed successfully"}`,
};

function json(body: string): string {
  return body;
}

function range(from: number, to: number, make: (i: number) => string): string {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(make(i));
  return `[${out.join(",")}]`;
}

/** Index of the newest event at or before `ms` (events are newest first: index 0 at T0). */
const indexAtOrBefore = (ms: number) => Math.max(0, Math.ceil((T0 - ms) / STEP_MS));
const indexAtOrAfter = (ms: number) => Math.floor((T0 - ms) / STEP_MS);

/**
 * The source as the clients' `exchange` (what the hub sends with: `@eventkit/runtime/node`'s
 * nodeHttp, in production), answering from memory: the client sends no Request and reads no
 * Response stream, as with nodeHttp, and the page's bytes come back read, as nodeHttp returns them.
 */
export function inProcessExchange(vendor: VendorName, shape: SourceShape): Exchange {
  const answer = bodyFor(vendor, shape);
  const cache = shape.cache ? new Map<string, Uint8Array>() : undefined;
  return async (url, init = {}) => {
    const requestBody = typeof init.body === "string" ? init.body : "";
    const key = `${url} ${requestBody}`;
    let body = cache?.get(key);
    if (!body) {
      // A Buffer, as nodeHttp reads bodies into.
      body = Buffer.from(answer(new URL(url), requestBody));
      cache?.set(key, body);
    }
    return {
      status: 200,
      statusText: "OK",
      headers: new Headers({ "content-type": "application/json" }),
      url,
      body: null,
      chunks: [body],
    };
  };
}

/**
 * The body of the page a request asks for, built afresh: what the in-process `fetch` answers and
 * what the loopback server (bench/loopback-server.ts, another process) sends.
 */
export function bodyFor(vendor: VendorName, shape: SourceShape): (url: URL, requestBody: string) => string {
  const n = shape.events;
  /** The indexes [newest, end) of the events within a time filter; `sql`: Trieve's zone-less `YYYY-MM-DD HH:MM:SS`, UTC. */
  const filtered = (since: string | null, until: string | null, sql: boolean): { newest: number; end: number } => {
    const parse = (text: string) =>
      /^\d+$/.test(text) ? Number(text) : Date.parse(sql ? `${text.replace(" ", "T")}Z` : text);
    const newest = until !== null ? indexAtOrBefore(parse(until)) : 0;
    const end = since !== null ? Math.min(n, indexAtOrAfter(parse(since)) + 1) : n;
    return { newest, end: Math.max(newest, end) };
  };
  return (url, requestBody) => {
    const q = url.searchParams;
    switch (vendor) {
      case "mem0": {
        const page = Number(q.get("page") ?? 0);
        const from = page * shape.mem0PageSize;
        const to = Math.min(n, from + shape.mem0PageSize);
        return json(
          `{"count":${n},"next":${to < n ? `"${url.origin}/v1/events/?page=${page + 1}"` : "null"},"previous":null,"results":${range(from, to, raw.mem0!)}}`,
        );
      }
      case "opal": {
        // Filtered by time, as Opal does: the hub reads it in time slices.
        const { newest, end } = filtered(q.get("start_date_filter"), q.get("end_date_filter"), false);
        const size = Number(q.get("page_size") ?? 200);
        const from = newest + Number(q.get("cursor") ?? 0);
        const to = Math.min(end, from + size);
        return json(`{"next":${to < end ? `"${to - newest}"` : "null"},"results":${range(from, to, raw.opal!)}}`);
      }
      case "datadog": {
        if (url.pathname.endsWith("/v1/events")) {
          const from = Number(q.get("page") ?? 0) * 1000;
          return json(`{"events":${range(from, Math.min(n, from + 1000), raw.datadogV1!)},"status":"ok"}`);
        }
        // Filtered by time (epoch ms), as Datadog does: sync reads it in time slices, and a source
        // that ignored the filter would make each slice read the whole history.
        const { newest, end } = filtered(q.get("filter[from]"), q.get("filter[to]"), false);
        const size = Number(q.get("page[limit]") ?? 10);
        const from = newest + Number(q.get("page[cursor]") ?? 0);
        const to = Math.min(end, from + size);
        return json(
          `{"data":${range(from, to, raw.datadogV2!)},"meta":${to < end ? `{"page":{"after":"${to - newest}"}}` : "{}"}}`,
        );
      }
      case "trieve": {
        const body = JSON.parse(requestBody || "{}") as {
          page?: number;
          filter?: { date_range?: { gte?: string; lte?: string } };
        };
        const range_ = body.filter?.date_range;
        const { newest, end } = filtered(range_?.gte ?? null, range_?.lte ?? null, true);
        const from = newest + ((body.page ?? 1) - 1) * 10;
        return json(`{"events":${range(from, Math.min(end, from + 10), raw.trieve!)}}`);
      }
      case "capillary": {
        const limit = Number(q.get("limit") ?? 10);
        const newest = q.has("to_date") ? indexAtOrBefore(Date.parse(q.get("to_date")!)) : 0;
        const oldest = q.has("from_date") ? Math.min(n - 1, indexAtOrAfter(Date.parse(q.get("from_date")!))) : n - 1;
        return json(
          `{"data":${range(newest, Math.min(oldest + 1, newest + limit), raw.capillary!)},"warnings":[],"errors":[]}`,
        );
      }
    }
  };
}

/** The first event's time and the last one's: the window every vendor's events fall in. */
export function windowOf(events: number): { since: number; until: number } {
  return { since: timeOf(events - 1), until: T0 + 1 };
}
