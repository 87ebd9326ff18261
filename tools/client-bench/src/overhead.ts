import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import createClient from "openapi-fetch";
import { createOpalClient, type paths } from "@eventkit/opal";

const BODY = JSON.stringify({
  results: [
    {
      event_id: "e1",
      actor_user_id: "u1",
      actor_name: "A",
      event_type: "USERS_CREATED",
      created_at: "2025-01-01T00:00:00Z",
    },
  ],
  next: null,
});

type Contender = { name: string; call: () => Promise<unknown> };

async function opsPerSecond(call: () => Promise<unknown>, seconds: number): Promise<number> {
  for (let i = 0; i < 200; i++) await call();
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    await call();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

function contenders(baseUrl: string, fetchImpl: (r: Request) => Promise<Response>): Contender[] {
  const raw = createClient<paths>({ baseUrl, fetch: fetchImpl, headers: { Authorization: "Bearer t" } });
  const ours = createOpalClient({ baseUrl, auth: { BearerAuth: "t" }, fetch: fetchImpl, env: {} });
  const untimed = createOpalClient({
    baseUrl,
    auth: { BearerAuth: "t" },
    fetch: fetchImpl,
    env: {},
    timeoutMs: Infinity,
  });
  return [
    {
      name: "raw fetch",
      call: async () =>
        (
          await fetchImpl(new Request(`${baseUrl}/events?page_size=1`, { headers: { Authorization: "Bearer t" } }))
        ).json(),
    },
    {
      name: "openapi-fetch",
      call: async () => (await raw.GET("/events", { params: { query: { page_size: 1 } } })).data,
    },
    // The fair comparison: openapi-fetch given the same per-request deadline our clients keep.
    {
      name: "  + timeout",
      call: async () =>
        (await raw.GET("/events", { params: { query: { page_size: 1 } }, signal: AbortSignal.timeout(60_000) })).data,
    },
    { name: "@eventkit/opal", call: () => ours.listEvents({ params: { query: { page_size: 1 } } }) },
    { name: "  no timeout", call: () => untimed.listEvents({ params: { query: { page_size: 1 } } }) },
  ];
}

async function measure(label: string, baseUrl: string, fetchImpl: (r: Request) => Promise<Response>, seconds: number) {
  const rounds: Record<string, number[]> = {};
  // Interleaved rounds, median of each, so that machine noise hits every contender alike.
  for (let round = 0; round < 5; round++) {
    for (const c of contenders(baseUrl, fetchImpl)) {
      const ops = await opsPerSecond(c.call, seconds);
      const xs = rounds[c.name] ?? [];
      xs.push(ops);
      rounds[c.name] = xs;
    }
  }
  const results = Object.fromEntries(
    Object.entries(rounds).map(([name, xs]) => [name, [...xs].sort((a, b) => a - b)[2]!]),
  );
  console.log(`  ${label}`);
  for (const [name, ops] of Object.entries(results))
    console.log(
      `    ${name.padEnd(16)} ${ops.toFixed(0).padStart(8)} ops/s  ${(1e6 / ops).toFixed(1).padStart(6)} µs/call`,
    );
  const ratio = results["@eventkit/opal"]! / results["  + timeout"]!;
  console.log(
    `    generated client / openapi-fetch with AbortSignal.timeout = ${ratio.toFixed(2)}x   target ≥ 0.9x: ${ratio >= 0.9 ? "met" : "NOT met"}`,
  );
  console.log(
    `    generated client / openapi-fetch = ${(results["@eventkit/opal"]! / results["openapi-fetch"]!).toFixed(2)}x`,
  );
  console.log(
    `    generated client / raw fetch     = ${(results["@eventkit/opal"]! / results["raw fetch"]!).toFixed(2)}x`,
  );
  console.log(
    `    with timeoutMs: Infinity         = ${(results["  no timeout"]! / results["openapi-fetch"]!).toFixed(2)}x of openapi-fetch (the per-attempt timeout costs an abort signal per request)`,
  );
}

export async function benchOverhead(): Promise<void> {
  console.log("per-request overhead (sequential calls)");
  // An in-process stub isolates the clients' own cost; the local server adds a real HTTP round trip.
  const stub = async (_: Request) => new Response(BODY, { headers: { "content-type": "application/json" } });
  await measure("in-process fetch stub", "http://stub.test/v1", stub, 1);
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(BODY);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  try {
    await measure("local node:http server", url, (r) => fetch(r), 1);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
