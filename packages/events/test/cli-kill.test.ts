/**
 * `eventkit sync` killed (SIGKILL) at random points while events keep arriving, then run again:
 * the output file ends up with every event exactly once.
 */
import { watch } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RemoteScenario } from "@eventkit/mock-server/vitest";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Event, VENDORS, type VendorName } from "../src/index.js";
import { baseEnv, baseUrlArgs, runCli, SECRETS, startCli } from "./helpers/cli.js";
import { startScenario } from "./helpers/hub.js";
import { seededRandom } from "@eventkit/runtime/spec";

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const idOf: Record<VendorName, (r: Raw) => string> = { mem0: (r) => r.id, opal: (r) => r.event_id, datadog: (r) => r.id, trieve: (r) => r.id, capillary: (r) => r.id };

let dir: string;
let scenarios: RemoteScenario[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "eventkit-kill-"));
  // Events a second apart, ending two minutes ago: what is added later is still in the past.
  const end = Math.floor(Date.now() / 1000) * 1000 - 120_000;
  scenarios = await Promise.all(VENDORS.map((vendor) => startScenario({ vendor, events: 40, seed: 33, pageSize: 5, slowMs: 10, window: { end, seconds: 40 } })));
});
afterAll(async () => {
  await Promise.all(scenarios.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

it("loses nothing and repeats nothing", async () => {
  const state = join(dir, "state.json");
  const out = join(dir, "events.jsonl");
  const urls = Object.fromEntries(scenarios.map((s) => [s.vendor, s.url]));
  const args = ["sync", "--state", state, "--out", out, "--since", "1h", "--page-size", "5", "--quiet", ...baseUrlArgs(urls)];
  const env = baseEnv({ ...SECRETS });
  const random = seededRandom(424242);

  const started = performance.now();
  expect((await runCli(args, env)).code).toBe(0);
  // How long an uninterrupted run takes here, to aim the kills within one.
  const runMs = performance.now() - started;

  let killed = 0;
  for (let round = 0; round < 3; round++) {
    await Promise.all(scenarios.map((s) => s.addEvents(4)));
    for (let attempt = 0; attempt < 3; attempt++) {
      const { child, done } = startCli(args, env);
      // A kill at a random time lands mostly while pages are read; a kill as soon as the output
      // file changes lands between the append and the state write (or just after the cut-back).
      const delay = attempt === 0 ? random() * runMs : runMs * (0.6 + 0.5 * random());
      const timer = attempt < 2 ? setTimeout(() => child.kill("SIGKILL"), delay) : undefined;
      const watcher = attempt === 2 ? watch(out, () => child.kill("SIGKILL")) : undefined;
      const result = await done;
      clearTimeout(timer);
      watcher?.close();
      if (result.signal === "SIGKILL") killed++;
      else expect(result.code).toBe(0);
    }
    expect((await runCli(args, env)).code).toBe(0);
  }
  expect(killed).toBeGreaterThan(0);

  const delivered = (await readFile(out, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as Event);
  const keys = delivered.map((e) => `${e.vendor}/${e.id}`);
  const want: string[] = [];
  for (const s of scenarios) for (const raw of (await s.events()) as Raw[]) want.push(`${s.vendor}/${idOf[s.vendor as VendorName](raw)}`);
  expect(keys.length - new Set(keys).size, "delivered twice").toBe(0);
  expect([...keys].sort()).toEqual(want.sort());
  expect(want).toHaveLength(5 * (40 + 12));
});
