import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import createClient from "openapi-fetch";
import { createOpalClient, type paths } from "@eventkit/opal";
import { type Contender, compareInRounds, type RoundsOptions, type Spread } from "./rounds.js";

const EVENT = {
  event_id: "e1",
  actor_user_id: "u1",
  actor_name: "A",
  event_type: "USERS_CREATED",
  created_at: "2025-01-01T00:00:00Z",
};
const BODY = JSON.stringify({ results: [EVENT], next: null });
/** A page as the events feed asks for them (hundreds of events, ~60 kB): the body's cost shows. */
const PAGE_BODY = JSON.stringify({
  results: Array.from({ length: 500 }, (_, i) => ({ ...EVENT, event_id: `e${i}` })),
  next: null,
});

/** The reference every ratio is taken against: openapi-fetch given the per-request deadline our clients keep. */
const BASELINE = "openapi-fetch + timeout";
const OURS = "@eventkit/opal";

/** `fetchImpl` undefined: every contender uses the platform's fetch, as it does when given none. */
function contenders(baseUrl: string, fetchImpl: ((r: Request) => Promise<Response>) | undefined): Contender[] {
  const given = fetchImpl ? { fetch: fetchImpl } : {};
  const send = fetchImpl ?? ((r: Request) => fetch(r));
  const raw = createClient<paths>({ baseUrl, ...given, headers: { Authorization: "Bearer t" } });
  const ours = createOpalClient({ baseUrl, auth: { BearerAuth: "t" }, ...given, env: {} });
  const untimed = createOpalClient({
    baseUrl,
    auth: { BearerAuth: "t" },
    ...given,
    env: {},
    timeoutMs: Infinity,
  });
  return [
    {
      name: BASELINE,
      call: async () =>
        (await raw.GET("/events", { params: { query: { page_size: 1 } }, signal: AbortSignal.timeout(60_000) })).data,
    },
    { name: OURS, call: () => ours.listEvents({ params: { query: { page_size: 1 } } }) },
    {
      name: "raw fetch",
      call: async () =>
        (await send(new Request(`${baseUrl}/events?page_size=1`, { headers: { Authorization: "Bearer t" } }))).json(),
    },
    {
      name: "openapi-fetch",
      call: async () => (await raw.GET("/events", { params: { query: { page_size: 1 } } })).data,
    },
    { name: "opal, no timeout", call: () => untimed.listEvents({ params: { query: { page_size: 1 } } }) },
  ];
}

const f2 = (x: number): string => x.toFixed(2);

function printRatio(ratio: Spread): string {
  return `${f2(ratio.median)}x (95% CI of the median ${f2(ratio.medianLow)}–${f2(ratio.medianHigh)}; per batch p10–p90 ${f2(ratio.p10)}–${f2(ratio.p90)}, min–max ${f2(ratio.min)}–${f2(ratio.max)})`;
}

/**
 * The headline figure comes from the two contenders alone, alternating in small batches (AB BA BA
 * AB…), so that each batch of ours is timed next to a batch of the baseline; the other contenders
 * are measured after it, for context.
 */
async function measure(
  label: string,
  baseUrl: string,
  fetchImpl: ((r: Request) => Promise<Response>) | undefined,
  headline: RoundsOptions,
  /** Omitted: the headline figure only. */
  context?: RoundsOptions,
): Promise<void> {
  const all = contenders(baseUrl, fetchImpl);
  const pair = await compareInRounds(
    all.filter((c) => c.name === BASELINE || c.name === OURS),
    BASELINE,
    headline,
  );
  const ours = pair.contenders.find((c) => c.name === OURS)!;
  const base = pair.contenders.find((c) => c.name === BASELINE)!;
  console.log(`  ${label}`);
  console.log(
    `    ${OURS} / ${BASELINE} = ${printRatio(ours.ratio)}   target ≥ 0.9x: ${ours.ratio.median >= 0.9 ? "met" : "NOT met"}`,
  );
  console.log(
    `      median of ${pair.rounds} per-round ratios of CPU time (process.cpuUsage), ${pair.batch} calls per batch, alternating; ${ours.cpuMicrosPerCall.toFixed(1)} vs ${base.cpuMicrosPerCall.toFixed(1)} µs CPU/call`,
  );
  if (!context) return;
  const rest = await compareInRounds(all, BASELINE, context);
  console.log(`    for context (${rest.rounds} rounds of ${rest.batch} calls, all contenders interleaved):`);
  for (const c of rest.contenders) {
    const ratio = c.name === BASELINE ? "(baseline)" : `${printRatio(c.ratio)} of baseline`;
    console.log(`      ${c.name.padEnd(24)} ${c.cpuMicrosPerCall.toFixed(1).padStart(7)} µs CPU/call   ${ratio}`);
  }
}

export async function benchOverhead(): Promise<void> {
  console.log("per-request overhead (sequential calls; ratio > 1 means faster than the baseline)");
  // An in-process stub isolates the clients' own cost; the local server adds a real HTTP round trip
  // (its CPU time is in every contender's figure alike, which brings the ratios towards 1).
  const stubOf = (body: string) => async (_: Request) =>
    new Response(body, { headers: { "content-type": "application/json" } });
  await measure(
    "in-process fetch stub",
    "http://stub.test/v1",
    stubOf(BODY),
    { rounds: 301, batch: 100 },
    { rounds: 21, batch: 200 },
  );
  await measure(
    `in-process fetch stub, a page of 500 events (${(PAGE_BODY.length / 1000).toFixed(0)} kB)`,
    "http://stub.test/v1",
    stubOf(PAGE_BODY),
    { rounds: 151, batch: 10 },
  );
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(BODY);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  try {
    await measure(
      "local node:http server",
      url,
      (r) => fetch(r),
      { rounds: 201, batch: 30 },
      { rounds: 11, batch: 100 },
    );
    // What an application gets when it passes no fetch: openapi-fetch hands the platform fetch its
    // Request, our client hands it the URL and init (no Request of its own to copy).
    await measure("local node:http server, platform fetch (no fetch option)", url, undefined, {
      rounds: 201,
      batch: 30,
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
