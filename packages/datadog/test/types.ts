// Type tests: checked by `tsc` (the package's typecheck), never executed.
import { createDatadogClient } from "../src/index.js";
import type {
  DatadogListEventsItem,
  DatadogListEventsParams,
  DatadogListEventsV1Item,
  DatadogEventResponse,
  DatadogV1Event,
} from "../src/index.js";

const client = createDatadogClient({
  auth: { apiKeyAuth: "api", appKeyAuth: "app" },
  server: { variables: { site: "datadoghq.eu" } },
});

export async function compiles() {
  const v2 = await client.listEvents({
    params: { query: { "filter[from]": "now-1h", sort: "-timestamp", "page[limit]": 100 } },
  });
  const id: string | undefined = v2.data?.[0]?.id;
  const cursor: string | undefined = v2.meta?.page?.after;
  const v1 = await client.listEventsV1({ params: { query: { start: 1, end: 2, unaggregated: true } } });
  const idStr: string | undefined = v1.events?.[0]?.id_str;
  // x-eventkit-int64: the int64 id is handed out as its exact digits.
  const v1Id: string | undefined = v1.events?.[0]?.id;
  for await (const event of client.paginate.listEvents({ params: { query: { "filter[query]": "source:deploy" } } })) {
    const tags: string[] | undefined = event.attributes?.tags;
    void tags;
  }
  for await (const event of client.paginate.listEventsV1({
    params: { query: { start: 1, end: 2, unaggregated: true } },
  })) {
    const happened: number | undefined = event.date_happened;
    void happened;
  }
  return [id, cursor, idStr, v1Id];
}

export async function rejects() {
  // @ts-expect-error v1 requires start and end
  await client.listEventsV1({ params: { query: { start: 1 } } });
  // @ts-expect-error sort is "timestamp" or "-timestamp"
  await client.listEvents({ params: { query: { sort: "newest" } } });
  // @ts-expect-error site is one of Datadog's sites
  createDatadogClient({ server: { variables: { site: "example.com" } } });
}

// Named types: v1 and v2 schemas of the same name stay apart (`DatadogEvent`, `DatadogV1Event`).

export async function namedTypes(params: DatadogListEventsParams) {
  for await (const item of client.paginate.listEvents(params)) {
    const v2: DatadogEventResponse = item;
    const same: DatadogListEventsItem = v2;
    void same;
  }
  const v1 = (await client.listEventsV1({ params: { query: { start: 0, end: 1 } } })).events ?? [];
  const events: DatadogV1Event[] = v1;
  const item: DatadogListEventsV1Item | undefined = events[0];
  // @ts-expect-error sort is "timestamp" or "-timestamp"
  const wrong: DatadogListEventsParams = { params: { query: { sort: "newest" } } };
  return [item, wrong];
}
