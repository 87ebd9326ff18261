// Type tests: checked by `tsc` (the package's typecheck), never executed.
import { createMem0Client } from "../src/index.js";
import type { Mem0EventsListItem, Mem0EventsListResponse } from "../src/index.js";

const client = createMem0Client({ auth: { ApiKeyAuth: "key" } });

export async function compiles() {
  const page = await client.eventsList();
  const count: number = page.count;
  const status: "PENDING" | "RUNNING" | "FAILED" | "SUCCEEDED" | undefined = page.results[0]?.status;
  const next: string | null | undefined = page.next;
  for await (const event of client.paginate.eventsList(undefined, { maxPages: 3 })) {
    const id: string | undefined = event.id;
    void id;
  }
  return [count, status, next];
}

export async function rejects() {
  // @ts-expect-error the operation takes no query parameters at all
  await client.eventsList({ params: { query: { page: 2 } } });
  // @ts-expect-error credentials are keyed by security scheme name
  createMem0Client({ auth: { apiKey: "key" } });
  const page = await client.eventsList();
  // @ts-expect-error `results` items carry `event_type`, not `type`
  void page.results[0]!.type;
}

// Named types: Mem0's schemas are inline, so only the operation's (`<Vendor><Method>Params|Response|Item`).

export async function namedTypes() {
  const page: Mem0EventsListResponse = await client.eventsList();
  for await (const item of client.paginate.eventsList()) {
    const event: Mem0EventsListItem = item;
    const status: "PENDING" | "RUNNING" | "FAILED" | "SUCCEEDED" | undefined = event.status;
    void status;
  }
  // @ts-expect-error no such field on an event
  const wrong: Mem0EventsListItem = { nope: 1 };
  return [page.count, wrong];
}
