/**
 * `eventkit sync` killed (SIGKILL) at random points while events keep arriving, then run again:
 * the output file ends up with every event exactly once. The kills land on events (the n-th page
 * asked for, the output file changed), not after a guessed time.
 */
import { watch } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RemoteScenario } from "@eventkit/mock-server/vitest";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Event, VENDORS, type VendorName } from "../src/index.js";
import { baseEnv, baseUrlArgs, cliTimeout, runCli, SECRETS, startCli } from "./helpers/cli.js";
import { startScenario } from "./helpers/hub.js";
import { seededRandom } from "@eventkit/runtime/spec";
import { createTripwire, type Proxy as TripwireProxy } from "./helpers/tripwire-proxy.js";

// biome-ignore lint/suspicious/noExplicitAny: raw vendor events, read field by field as the spec documents them.
type Raw = Record<string, any>;
const idOf: Record<VendorName, (r: Raw) => string> = {
  mem0: (r) => r.id,
  opal: (r) => r.event_id,
  datadog: (r) => r.id,
  trieve: (r) => r.id,
  capillary: (r) => r.id,
};

let dir: string;
let scenarios: RemoteScenario[] = [];
const tripwire = createTripwire();
let proxies: TripwireProxy[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "eventkit-kill-"));
  // Events a second apart, ending two minutes ago: what is added later is still in the past.
  const end = Math.floor(Date.now() / 1000) * 1000 - 120_000;
  scenarios = await Promise.all(
    VENDORS.map((vendor) => startScenario({ vendor, events: 40, seed: 33, pageSize: 5, window: { end, seconds: 40 } })),
  );
  proxies = await Promise.all(scenarios.map((s) => tripwire.proxy(s.url)));
});
afterAll(async () => {
  await Promise.all([...proxies, ...scenarios].map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

/** Every run asks each vendor for at least one page. */
const FEWEST_REQUESTS = VENDORS.length;
const RUNS = 1 + 3 * 4;

it("loses nothing and repeats nothing", { timeout: cliTimeout(RUNS) }, async () => {
  const state = join(dir, "state.json");
  const out = join(dir, "events.jsonl");
  const urls = Object.fromEntries(scenarios.map((s, i) => [s.vendor, proxies[i]!.url]));
  const args = [
    "sync",
    "--state",
    state,
    "--out",
    out,
    "--since",
    "1h",
    "--page-size",
    "5",
    "--quiet",
    ...baseUrlArgs(urls),
  ];
  const env = baseEnv({ ...SECRETS });
  const random = seededRandom(424242);

  expect((await runCli(args, env)).code).toBe(0);

  let killed = 0;
  for (let round = 0; round < 3; round++) {
    await Promise.all(scenarios.map((s) => s.addEvents(4)));
    for (let attempt = 0; attempt < 3; attempt++) {
      const { child, done } = startCli(args, env);
      const kill = (): void => void child.kill("SIGKILL");
      // Killed while it waits for a page: one of the first ones (always within the run), or any
      // (perhaps after the run's last); or as soon as the output file changes, between the append
      // and the state write (or just after the cut-back).
      if (attempt === 0) tripwire.arm(1 + Math.floor(random() * FEWEST_REQUESTS), kill);
      if (attempt === 1) tripwire.arm(1 + Math.floor(random() * 3 * FEWEST_REQUESTS), kill);
      const watcher = attempt === 2 ? watch(out, kill) : undefined;
      const result = await done;
      tripwire.disarm();
      watcher?.close();
      if (result.signal === "SIGKILL") killed++;
      else expect(result.code).toBe(0);
    }
    expect((await runCli(args, env)).code).toBe(0);
  }
  expect(killed).toBeGreaterThanOrEqual(3);

  const delivered = (await readFile(out, "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Event);
  const keys = delivered.map((e) => `${e.vendor}/${e.id}`);
  const want: string[] = [];
  for (const s of scenarios)
    for (const raw of (await s.events()) as Raw[]) want.push(`${s.vendor}/${idOf[s.vendor as VendorName](raw)}`);
  expect(keys.length - new Set(keys).size, "delivered twice").toBe(0);
  expect([...keys].sort()).toEqual(want.sort());
  expect(want).toHaveLength(5 * (40 + 12));
});
