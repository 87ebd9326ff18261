// Type tests: checked by `tsc` (the package's typecheck), never executed.
import { createMem0Client } from "../src/index.js";
import type { Mem0ListEventsItem, Mem0ListEventsResponse } from "../src/index.js";

const client = createMem0Client({ auth: { ApiKeyAuth: "key" } });

export async function compiles() {
  const page = await client.listEvents();
  const count: number = page.count;
  const status: "PENDING" | "RUNNING" | "FAILED" | "SUCCEEDED" | undefined = page.results[0]?.status;
  const next: string | null | undefined = page.next;
  for await (const event of client.paginate.listEvents(undefined, { maxPages: 3 })) {
    const id: string | undefined = event.id;
    void id;
  }
  return [count, status, next];
}

export async function rejects() {
  // @ts-expect-error the operation takes no query parameters at all
  await client.listEvents({ params: { query: { page: 2 } } });
  // @ts-expect-error credentials are keyed by security scheme name
  createMem0Client({ auth: { apiKey: "key" } });
  const page = await client.listEvents();
  // @ts-expect-error `results` items carry `event_type`, not `type`
  void page.results[0]!.type;
}

// Named types: Mem0's schemas are inline, so only the operation's (`<Vendor><Method>Params|Response|Item`).

export async function namedTypes() {
  const page: Mem0ListEventsResponse = await client.listEvents();
  for await (const item of client.paginate.listEvents()) {
    const event: Mem0ListEventsItem = item;
    const status: "PENDING" | "RUNNING" | "FAILED" | "SUCCEEDED" | undefined = event.status;
    void status;
  }
  // @ts-expect-error no such field on an event
  const wrong: Mem0ListEventsItem = { nope: 1 };
  return [page.count, wrong];
}
