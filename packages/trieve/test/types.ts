// Type tests: checked by `tsc` (the package's typecheck), never executed.
import { createTrieveClient } from "../src/index.js";
import type {
  TrieveEventData,
  TrieveListEventsItem,
  TrieveListEventsParams,
  TrieveGetEventsResponseBody,
} from "../src/index.js";

const client = createTrieveClient({ auth: { ApiKey: "key" } });
const header = { "TR-Dataset": "6f1b2f1e-0000-4000-8000-000000000000" };

export async function compiles() {
  const page = await client.listEvents({
    params: { header },
    body: { page: 1, filter: { event_type: "view", date_range: { gte: "2025-01-01 00:00:00" } } },
  });
  const first = page.events[0];
  const fields: [string, string, string[]] | undefined = first && [first.id, first.created_at, first.items];
  for await (const event of client.paginate.listEvents({ params: { header }, body: {} })) {
    const name: string = event.event_name;
    void name;
  }
  return fields;
}

export async function rejects() {
  // @ts-expect-error the TR-Dataset header is required (added by our overlay)
  await client.listEvents({ body: { page: 1 } });
  // @ts-expect-error event_type is one of the filter's enum values
  await client.listEvents({ params: { header }, body: { filter: { event_type: "purchase_made" } } });
  // @ts-expect-error page is a number
  await client.listEvents({ params: { header }, body: { page: "2" } });
}

// Named types: one per schema (`<Vendor><Schema>`) and per operation (`<Vendor><Method>Params|Response|Item`).

export async function namedTypes(params: TrieveListEventsParams) {
  const page: TrieveGetEventsResponseBody = await client.listEvents(params);
  const first: TrieveEventData | undefined = page.events[0];
  const item: TrieveListEventsItem | undefined = first;
  // @ts-expect-error the TR-Dataset header is required
  const wrong: TrieveListEventsParams = { params: { header: {} }, body: {} };
  return [item, wrong];
}
