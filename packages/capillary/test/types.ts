// Type tests: checked by `tsc` (the package's typecheck), never executed.
import { createCapillaryClient } from "../src/index.js";
import type {
  CapillaryEventLog,
  CapillaryEventLogsResponse,
  CapillaryListEventsParams,
  CapillaryListEventsResponse,
} from "../src/index.js";

const client = createCapillaryClient({
  auth: { basicAuth: { username: "till", password: "secret" } },
  server: { variables: { cluster: "apac2" } },
});

export async function compiles() {
  const logs = await client.listEvents({ params: { query: { event_name: "Group_User_Event", limit: 50 } } });
  const first = logs.data[0];
  const fields: [string, number, string] | undefined = first && [first.id, first.startTime, first.status];
  return fields;
}

export async function rejects() {
  // @ts-expect-error limit is an integer
  await client.listEvents({ params: { query: { limit: "50" } } });
  // @ts-expect-error Basic credentials are a user name and a password
  createCapillaryClient({ auth: { basicAuth: "till:secret" } });
  // @ts-expect-error cluster is one of eu, apac, apac2, us
  createCapillaryClient({ server: { variables: { cluster: "mars" } } });
  // @ts-expect-error the operation does not page: there is no paginate.listEvents
  client.paginate.listEvents();
}

// Named types: one per schema (`<Vendor><Schema>`) and per operation (`<Vendor><Method>Params|Response`).

export async function namedTypes(params: CapillaryListEventsParams) {
  const logs: CapillaryListEventsResponse = await client.listEvents(params);
  const same: CapillaryEventLogsResponse = logs;
  const first: CapillaryEventLog | undefined = same.data[0];
  // @ts-expect-error limit is an integer
  const wrong: CapillaryListEventsParams = { params: { query: { limit: "50" } } };
  return [first, wrong];
}
