// Type tests: checked by `tsc` (the package's typecheck), never executed.
import { createOpalClient } from "../src/index.js";
import type {
  OpalEvent,
  OpalListEventsItem,
  OpalListEventsParams,
  OpalListEventsResponse,
  OpalPaginatedEventList,
} from "../src/index.js";

const client = createOpalClient({ auth: { BearerAuth: "token" } });

export async function compiles() {
  const page = await client.listEvents({
    params: { query: { page_size: 100, cursor: "abc", start_date_filter: "2025-01-01T00:00:00Z" } },
  });
  const first = page.results?.[0];
  const fields: [string | undefined, string | undefined, string | undefined] = [
    first?.event_id,
    first?.actor_name,
    first?.created_at,
  ];
  const next: string | null | undefined = page.next;
  for await (const event of client.paginate.listEvents(
    { params: { query: { event_type_filter: "USERS_CREATED" } } },
    { pageSize: 50 },
  )) {
    const actor: string = event.actor_name;
    void actor;
  }
  return [fields, next];
}

export async function rejects() {
  // @ts-expect-error the parameter is page_size, not pageSize
  await client.listEvents({ params: { query: { pageSize: 100 } } });
  // @ts-expect-error page_size is an integer
  await client.listEvents({ params: { query: { page_size: "100" } } });
  // @ts-expect-error Opal's scheme is BearerAuth
  createOpalClient({ auth: { bearer: "token" } });
}

// Named types: one per schema (`<Vendor><Schema>`) and per operation (`<Vendor><Method>Params|Response|Item`).

export async function namedTypes(params: OpalListEventsParams) {
  const page: OpalListEventsResponse = await client.listEvents(params);
  const list: OpalPaginatedEventList = page;
  const events: OpalEvent[] | undefined = list.results;
  for await (const item of client.paginate.listEvents(params)) {
    const event: OpalEvent = item;
    const same: OpalListEventsItem = event;
    void same;
  }
  // @ts-expect-error page_size is an integer
  const wrong: OpalListEventsParams = { params: { query: { page_size: "100" } } };
  return [events, wrong];
}
