/**
 * hub.list throughput and peak memory. Prints figures and the targets beside them; asserts nothing.
 * Each measurement runs in a child process of its own, so that one run's heap and JIT state do not
 * colour the next, and so that peak RSS (getrusage maxrss, measured by the kernel) is that run's.
 *
 *   pnpm --filter @eventkit/events bench [-- --only throughput|memory|scenario] [--profile <dir>]
 *     [--source in-process|loopback|both]
 *
 * `--source` chooses the memory section's source (both by default): pages built inside the measured
 * process, or served from another process over loopback HTTP (what a user's process holds).
 * `--profile <dir>` writes a CPU profile of each throughput run's timed listing (not its warm-up)
 * to the folder, for `node --cpu-prof`-style reading in Chrome DevTools or speedscope.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { GCProfiler, getHeapSpaceStatistics } from "node:v8";
import {
  createEventHub,
  type Event,
  type EventHub,
  type HubConfig,
  type ListReport,
  VENDORS,
  type VendorName,
} from "../src/index.js";
import { inProcessExchange, windowOf } from "./in-process.js";
import { type Replay, replay } from "./replay.js";

const SCRIPT = fileURLToPath(import.meta.url);
const LOOPBACK_SERVER = fileURLToPath(new URL("./loopback-server.ts", import.meta.url));
const TARGET_EVENTS_PER_S = 100_000;
const TARGET_MEMORY_DELTA_MB = 20;

interface Job {
  /**
   * in-process: pages built by an `exchange` inside the measured process; loopback: the same pages from
   * another process over HTTP on 127.0.0.1 (`urls`, started by the parent); scenario: mock-server.
   */
  readonly kind: "in-process" | "loopback" | "scenario";
  /** Loopback runs: each vendor's server, from bench/loopback-server.ts. */
  readonly urls?: Readonly<Record<string, string>>;
  readonly vendors: readonly VendorName[];
  readonly datadogApi?: "v1" | "v2" | "both";
  /** Events per listing endpoint. */
  readonly events: number;
  /** Where the hub chooses (Opal, Datadog v2, Capillary) and where the in-process source does (Mem0). */
  readonly pageSize: number;
  /** Scenario runs: through the Prism proxy (validating) or straight to the scenario's upstream. */
  readonly direct?: boolean;
  /** The hub's `maxBufferedEvents` (default its own), to see what the buffer costs. */
  readonly maxBufferedEvents?: number;
  /** The hub's `prefetchPages` (default its own), to see what reading ahead costs and saves. */
  readonly prefetchPages?: number;
  /** The hub's `sliceEvents` (default its own): what a time slice may hold. */
  readonly sliceEvents?: number;
  /**
   * `hub.list` (default), `hub.sync` from no state over the same window (its batches taken one by
   * one), or `replay`: no hub, the requests in the `replay` folder sent again (bench/replay.ts).
   */
  readonly mode?: "list" | "sync" | "replay";
  /** Loopback runs: the folder the server records each request served to (bench/loopback-server.ts). */
  readonly record?: string;
  /** Replay runs: the folder of recorded requests. */
  readonly replay?: string;
  /** Write a CPU profile of the timed listing (not the warm-up) to this file. */
  readonly profile?: string;
  /** Node flags for the child beyond the bench's own (a heap setting a user may choose, to show what it gives). */
  readonly nodeFlags?: readonly string[];
  /** Force a GC now and then to measure the live heap (slows the run: not for throughput). */
  readonly sampleLive?: boolean;
  /**
   * Throughput runs: no memory sampler during the listing (process.memoryUsage every 5 ms took 4.7%
   * of the merged listing's CPU profile: the bench's cost, not the hub's). Peak RSS is still read.
   */
  readonly timeOnly?: boolean;
}

interface Result {
  readonly events: number;
  readonly seconds: number;
  /** CPU time (user + system) of the listing: on a shared machine, wall time is mostly waiting for a core. */
  readonly cpuSeconds: number;
  readonly maxRssMb: number;
  readonly baselineRssMb: number;
  readonly peakHeapMb: number;
  /** Largest heapTotal seen (every 5 ms): what V8 had reserved for the JS heap, garbage included. */
  readonly peakHeapTotalMb: number;
  /** Largest `external` seen: memory outside the JS heap held by JS objects (response bodies' bytes). */
  readonly peakExternalMb: number;
  /**
   * Largest size of V8's young generation (new space, both semi-spaces, and its large objects):
   * V8 grows it as a run allocates, up to 2 × --max-semi-space-size (16 MB by default on 64-bit
   * Node 20), whatever the listing holds.
   */
  readonly peakYoungMb: number;
  /** Largest heapUsed right after a forced full GC, sampled every 1/20 of the events: what the listing holds. */
  readonly peakLiveMb: number;
  /** Where the resident memory was at the sample (every 5 ms) of highest RSS, and before the listing. */
  readonly atPeak: Breakdown;
  readonly before: Breakdown;
  /** What V8's collector did during the listing (v8.GCProfiler). */
  readonly gc: GcSummary;
  readonly pages: number;
  /** Requests (pages) per vendor, to show what time slices cost beyond the events' own pages. */
  readonly pagesByVendor: Record<string, number>;
  readonly ok: boolean;
  readonly failed: string[];
}

/**
 * Resident memory by owner, in MB: V8's spaces as committed (new = both semi-spaces; old; code;
 * large objects; the rest), ArrayBuffers (response bodies, Buffers) and what is left, which is the
 * process's own: the node binary, malloc'd native memory (undici, zlib, libuv), thread stacks.
 */
interface Breakdown {
  readonly rss: number;
  readonly young: number;
  readonly old: number;
  readonly code: number;
  readonly large: number;
  readonly otherSpaces: number;
  readonly arrayBuffers: number;
  readonly nonHeap: number;
}

function breakdown(): Breakdown {
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const m = process.memoryUsage();
  const spaces = { young: 0, old: 0, code: 0, large: 0, otherSpaces: 0 };
  for (const space of getHeapSpaceStatistics()) {
    const size = mb(space.physical_space_size);
    if (space.space_name === "new_space" || space.space_name === "new_large_object_space") spaces.young += size;
    else if (space.space_name === "old_space") spaces.old += size;
    else if (space.space_name === "code_space" || space.space_name === "code_large_object_space") spaces.code += size;
    else if (space.space_name === "large_object_space") spaces.large += size;
    else spaces.otherSpaces += size;
  }
  const heap = spaces.young + spaces.old + spaces.code + spaces.large + spaces.otherSpaces;
  return {
    rss: mb(m.rss),
    ...spaces,
    arrayBuffers: mb(m.arrayBuffers),
    nonHeap: mb(m.rss) - heap - mb(m.arrayBuffers),
  };
}

/**
 * Scavenges and the bytes they promoted (what old space and large-object space gained across each
 * one: objects that survived two scavenges, garbage or not, which only a full GC frees), and full
 * GCs (the memory runs force 20 of them to sample the live heap).
 */
interface GcSummary {
  readonly scavenges: number;
  readonly promotedMb: number;
  readonly fullGcs: number;
}

function summariseGc(profile: ReturnType<GCProfiler["stop"]>): GcSummary {
  const tenured = (stats: { heapSpaceStatistics: { spaceName: string; spaceUsedSize: number }[] }): number =>
    stats.heapSpaceStatistics
      .filter((s) => s.spaceName === "old_space" || s.spaceName === "large_object_space")
      .reduce((n, s) => n + s.spaceUsedSize, 0);
  let scavenges = 0;
  let promoted = 0;
  let fullGcs = 0;
  for (const gc of profile?.statistics ?? []) {
    if (gc.gcType === "Scavenge" || gc.gcType === "MinorMarkCompact") {
      scavenges++;
      promoted += Math.max(0, tenured(gc.afterGC) - tenured(gc.beforeGC));
    } else if (gc.gcType === "MarkSweepCompact") fullGcs++;
  }
  return { scavenges, promotedMb: promoted / 1024 / 1024, fullGcs };
}

const DUMMY_AUTH: Record<VendorName, Record<string, unknown>> = {
  mem0: { auth: { ApiKeyAuth: "k" } },
  opal: { auth: { BearerAuth: "k" } },
  datadog: { auth: { apiKeyAuth: "a", appKeyAuth: "b" } },
  trieve: { auth: { ApiKey: "k" }, datasetId: "00000000-0000-4000-8000-000000000000" },
  capillary: { auth: { basicAuth: { username: "u", password: "p" } } },
};

async function child(job: Job): Promise<Result> {
  const mb = (bytes: number) => bytes / 1024 / 1024;
  let close = async (): Promise<void> => undefined;
  const config: Record<string, unknown> = {
    pageSize: job.pageSize,
    ...(job.maxBufferedEvents !== undefined ? { maxBufferedEvents: job.maxBufferedEvents } : {}),
    ...(job.prefetchPages !== undefined ? { prefetchPages: job.prefetchPages } : {}),
    ...(job.sliceEvents !== undefined ? { sliceEvents: job.sliceEvents } : {}),
  };
  let window: { since?: number; until?: number } = {};
  if (job.kind === "in-process") {
    for (const vendor of job.vendors) {
      config[vendor] = {
        ...DUMMY_AUTH[vendor],
        baseUrl: `http://${vendor}.in-process`,
        exchange: inProcessExchange(vendor, { events: job.events, mem0PageSize: job.pageSize, cache: !job.sampleLive }),
        ...(vendor === "datadog" ? { api: job.datadogApi ?? "v2" } : {}),
      };
    }
    window = windowOf(job.events);
  } else if (job.kind === "loopback") {
    for (const vendor of job.vendors) {
      config[vendor] = {
        ...DUMMY_AUTH[vendor],
        baseUrl: job.urls![vendor],
        ...(vendor === "datadog" ? { api: job.datadogApi ?? "v2" } : {}),
      };
    }
    window = windowOf(job.events);
  } else {
    const { startScenarios } = await import("@eventkit/mock-server");
    const scenarios = await startScenarios(job.vendors, { events: job.events, pageSize: job.pageSize, seed: 1 });
    close = async () => void (await Promise.all(scenarios.map((s) => s.close())));
    for (const s of scenarios)
      config[s.vendor] = {
        ...DUMMY_AUTH[s.vendor as VendorName],
        baseUrl: job.direct ? s.upstreamUrl : s.url,
        ...(s.vendor === "datadog" ? { api: job.datadogApi ?? "v2" } : {}),
      };
  }
  // A replay reads with nothing of eventkit's: no hub, no clients.
  const hub = job.mode === "replay" ? undefined : createEventHub(config as HubConfig);
  if (hub && job.kind === "in-process" && !job.sampleLive) {
    // Warm-up: fills the source's cache and lets the JIT settle; the timed listing is the next one.
    for await (const _ of hub.list(window)) void _;
  }
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  const before = breakdown();
  let atPeak = before;
  let peakHeap = 0;
  let peakHeapTotal = 0;
  let peakExternal = 0;
  let peakYoung = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakHeapTotal = Math.max(peakHeapTotal, m.heapTotal);
    peakExternal = Math.max(peakExternal, m.external);
    let young = 0;
    for (const space of getHeapSpaceStatistics())
      if (space.space_name === "new_space" || space.space_name === "new_large_object_space") young += space.space_size;
    peakYoung = Math.max(peakYoung, young);
    if (mb(m.rss) > atPeak.rss) atPeak = breakdown();
  };
  const sampler = job.timeOnly ? undefined : setInterval(sample, 5);
  const gcProfiler = new GCProfiler();
  gcProfiler.start();
  const feed: Replay | (AsyncIterable<Event> & { readonly report: ListReport }) =
    job.mode === "replay"
      ? replay(job.replay!, job.urls!)
      : job.mode === "sync"
        ? syncedEvents(hub!, window)
        : hub!.list(window);
  let count = 0;
  let peakLive = 0;
  const expected = job.events * job.vendors.length;
  const every = Math.max(1, Math.floor(expected / 20));
  const profiler = job.profile ? await startProfiler() : undefined;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for await (const event of feed) {
    if (event !== undefined) count++;
    if (job.sampleLive && count % every === 0) {
      global.gc!();
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await profiler?.(job.profile!);
  const gc = summariseGc(gcProfiler.stop());
  clearInterval(sampler);
  sample();
  await close();
  return {
    events: count,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    baselineRssMb: mb(baseline),
    peakHeapMb: mb(peakHeap),
    peakHeapTotalMb: mb(peakHeapTotal),
    peakExternalMb: mb(peakExternal),
    peakYoungMb: mb(peakYoung),
    peakLiveMb: mb(peakLive),
    atPeak,
    before,
    gc,
    pages: feed.report.all().reduce((n, r) => n + r.pages, 0),
    pagesByVendor: Object.fromEntries(feed.report.all().map((r) => [r.vendor, r.pages])),
    ok: feed.report.ok,
    failed: feed.report.failed,
  };
}

/** Starts V8's CPU profiler; the function returned stops it and writes the profile to a file. */
async function startProfiler(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import("node:inspector/promises");
  const { writeFile } = await import("node:fs/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async (file) => {
    const { profile } = await session.post("Profiler.stop");
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** A sync run's events, batch after batch, as a listing would give them (the bench only counts). */
function syncedEvents(
  hub: EventHub,
  window: { since?: number; until?: number },
): AsyncIterable<Event> & { readonly report: ListReport } {
  const run = hub.sync(undefined, window);
  return {
    report: run.report,
    async *[Symbol.asyncIterator]() {
      for await (const batch of run) yield* batch.events;
    },
  };
}

function runChild(job: Job): Promise<Result> {
  return new Promise((resolve, reject) => {
    const args = [...process.execArgv, ...(job.nodeFlags ?? []), "--expose-gc", SCRIPT, "--child", JSON.stringify(job)];
    const proc = spawn(process.execPath, args, {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    proc.on("error", reject);
    proc.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) return reject(new Error(`bench child failed (${code}): ${out}`));
      resolve(JSON.parse(line) as Result);
    });
  });
}

/**
 * Starts bench/loopback-server.ts in a process of its own and waits for the line naming its URLs;
 * `stop` ends it (closing its stdin) and waits for it to exit.
 */
function startLoopback(
  vendors: readonly VendorName[],
  events: number,
  mem0PageSize: number,
  record?: string,
): Promise<{ urls: Record<string, string>; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [...process.execArgv, LOOPBACK_SERVER, JSON.stringify({ vendors, events, mem0PageSize, record })],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    const exited = new Promise<void>((done) => proc.once("exit", () => done()));
    let out = "";
    const onData = (chunk: string): void => {
      out += chunk;
      const end = out.indexOf("\n");
      if (end < 0) return;
      proc.stdout.off("data", onData);
      const { urls } = JSON.parse(out.slice(0, end)) as { urls: Record<string, string> };
      resolve({
        urls,
        stop: async () => {
          proc.stdin.end();
          await exited;
        },
      });
    };
    proc.stdout.setEncoding("utf8").on("data", onData);
    proc.once("error", reject);
    proc.once("exit", (code) => reject(new Error(`loopback server exited (${code}) before naming its URLs: ${out}`)));
  });
}

/** Best of `n`: the machine is shared, and the least disturbed run is the closest to what the code costs. */
async function best(job: Job, n = 3): Promise<Result> {
  let top: Result | undefined;
  for (let i = 0; i < n; i++) {
    // Each run's profile apart (…-1, -2, -3), to read the one whose figures are printed.
    const profile = job.profile?.replace(/\.cpuprofile$/, `-${i + 1}.cpuprofile`);
    const r = await runChild(profile ? { ...job, profile } : job);
    if (!top || r.events / r.seconds > top.events / top.seconds) top = r;
  }
  return top!;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const signed = (mb: number) => `${mb >= 0 ? "+" : ""}${mb.toFixed(1)}`;
const verdict = (met: boolean) => (met ? "meets" : "MISSES");
const perSecond = (r: Result) => r.events / r.seconds;
const perCpuSecond = (r: Result) => r.events / r.cpuSeconds;

function line(label: string, r: Result): string {
  const byVendor = Object.entries(r.pagesByVendor);
  const pages = byVendor.length > 1 ? ` (${byVendor.map(([v, n]) => `${v} ${fmt(n)}`).join(", ")})` : "";
  return `  ${label.padEnd(44)} ${fmt(r.events).padStart(9)} events ${fmt(r.pages).padStart(6)} pages ${r.seconds.toFixed(2).padStart(6)} s ${fmt(perSecond(r)).padStart(9)} events/s ${fmt(perCpuSecond(r)).padStart(9)} events/CPU-s${r.ok ? "" : `  (failed: ${r.failed.join(", ")})`}${pages}`;
}

const SECTIONS = ["throughput", "memory", "scenario"] as const;

/** The young-generation cap the README documents (NODE_OPTIONS for the eventkit command). */
const SMALL_YOUNG = ["--max-semi-space-size=4"] as const;

const SPACES: readonly [keyof Breakdown, string][] = [
  ["young", "young generation"],
  ["old", "old space"],
  ["code", "code"],
  ["large", "large objects"],
  ["arrayBuffers", "array buffers"],
  ["nonHeap", "outside V8's heap"],
];

/** One sample's resident memory by owner, in MB. */
function spaces(b: Breakdown): string {
  return `${b.rss.toFixed(1)} MB = ${SPACES.map(([key, name]) => `${name} ${b[key].toFixed(1)}`).join(", ")}${b.otherSpaces >= 0.05 ? `, other spaces ${b.otherSpaces.toFixed(1)}` : ""}`;
}

async function parent(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: "string", multiple: true },
      profile: { type: "string" },
      source: { type: "string", default: "both" },
    },
    // pnpm passes the `--` through.
    args: process.argv.slice(2).filter((a) => a !== "--"),
  });
  for (const only of values.only ?? [])
    if (!(SECTIONS as readonly string[]).includes(only))
      throw new Error(`--only ${only}: expected one of ${SECTIONS.join(", ")}`);
  if (!["both", "in-process", "loopback"].includes(values.source!))
    throw new Error(`--source ${values.source}: expected in-process, loopback or both`);
  const wants = (section: (typeof SECTIONS)[number]) => !values.only || values.only.includes(section);
  const profileDir = values.profile ? resolve(values.profile) : undefined;
  if (profileDir) await mkdir(profileDir, { recursive: true });
  let profiles = 0;
  /** A throughput job that writes its timed listing's CPU profile when `--profile` is given. */
  const profiled = (job: Job): Job =>
    profileDir ? { ...job, profile: join(profileDir, `${++profiles}-${job.vendors.join("+")}.cpuprofile`) } : job;
  const os = await import("node:os");
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
  console.log(
    `eventkit hub.list bench — node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} cores, load average ${load()} (other work on the machine lowers every figure)`,
  );
  if (wants("throughput")) {
    console.log("");
    console.log(
      `Throughput from an in-process source: the real clients (their exchange answers from memory: response bodies built once, in a warm-up listing), adapters and merge; best of 3. Target ≥ ${fmt(TARGET_EVENTS_PER_S)} events/s.`,
    );
    const all = await best(
      profiled({ kind: "in-process", vendors: VENDORS, events: 50_000, pageSize: 1000, timeOnly: true }),
    );
    console.log(line("all five vendors, 50,000 events each", all));
    for (const vendor of VENDORS) {
      console.log(
        line(
          `${vendor} alone, 50,000 events`,
          await best(
            profiled({ kind: "in-process", vendors: [vendor], events: 50_000, pageSize: 1000, timeOnly: true }),
          ),
        ),
      );
    }
    console.log(
      line(
        "datadog v1 alone (pages of 1000), 50,000 events",
        await best(
          profiled({
            kind: "in-process",
            vendors: ["datadog"],
            datadogApi: "v1",
            events: 50_000,
            pageSize: 1000,
            timeOnly: true,
          }),
        ),
      ),
    );
    const wall = perSecond(all);
    const cpu = perCpuSecond(all);
    console.log(
      `  → all vendors merged: wall ${fmt(wall)} events/s = ${(wall / TARGET_EVENTS_PER_S).toFixed(2)}× the target (${verdict(wall >= TARGET_EVENTS_PER_S)}); per CPU-second ${fmt(cpu)} = ${(cpu / TARGET_EVENTS_PER_S).toFixed(2)}× (${verdict(cpu >= TARGET_EVENTS_PER_S)}: what a core of its own would give; wall time on a shared machine is mostly waiting for one)`,
    );
    console.log(
      "  (pages = requests. Trieve pages hold 10 events, fixed by its API: its 5,000 requests are most of the all-vendor run's cost; Opal, Trieve and Capillary are read in time slices, each slice costing about one request beyond its events' pages.)",
    );
  }
  if (wants("memory")) {
    console.log("");
    console.log(
      `Peak memory, 10 vs 1000 pages of 100 events per endpoint, in-process source. Target: 1000 pages within ${TARGET_MEMORY_DELTA_MB} MB of 10.`,
    );
    console.log(
      "  live heap = largest heapUsed right after a forced full GC (sampled 20 times a run): what the listing holds;",
    );
    console.log(
      "  RSS = peak resident set (getrusage maxrss): also counts garbage V8 has not collected yet, which grows with run length.",
    );
    console.log(
      "  heap reserved = peak heapTotal (live data + garbage awaiting a full GC + the young generation); young generation = V8's",
    );
    console.log(
      "  nursery, which V8 grows in any long run that allocates fast, to 32 MB on Node 20 and 128 MB on Node 24 (node",
    );
    console.log("  --max-semi-space-size caps it);");
    console.log(
      "  external = bytes outside the JS heap held by JS objects (response bodies) until they are collected.",
    );
    console.log(
      "  at peak RSS = the 5 ms sample of highest RSS, split: V8's spaces as committed (young = both semi-spaces; old space =",
    );
    console.log(
      "  live data + promoted garbage awaiting a full GC), array buffers (response bodies, Buffers), and the rest: the node",
    );
    console.log(
      "  binary, tsx, malloc'd native memory (node:http, zlib, libuv; freed buffers glibc keeps), thread stacks.",
    );
    /** One memory run; a loopback run gets a server of its own, stopped once the run ends. */
    const measure = async (job: Job): Promise<Result> => {
      const server =
        job.kind === "loopback" ? await startLoopback(job.vendors, job.events, job.pageSize, job.record) : undefined;
      try {
        return await runChild(server ? { ...job, urls: server.urls } : job);
      } finally {
        await server?.stop();
      }
    };
    const memory = async (
      vendors: readonly VendorName[],
      pagesList: readonly number[],
      mode: "list" | "sync" | "replay" = "list",
      nodeFlags: readonly string[] = [],
      kind: "in-process" | "loopback" = "in-process",
      sampleLive = true,
      /**
       * Hub settings other than its defaults; `requests`: a folder where a loopback listing records
       * the requests it made (a folder per page count), and a replay finds them.
       */
      more: Pick<Job, "sliceEvents" | "maxBufferedEvents"> & { readonly requests?: string } = {},
    ) => {
      const rows = new Map<number, Result>();
      const { requests, ...hub } = more;
      for (const pages of pagesList) {
        const folder = requests ? join(requests, String(pages)) : undefined;
        if (folder && mode !== "replay") await mkdir(folder, { recursive: true });
        const r = await measure({
          ...(folder ? (mode === "replay" ? { replay: folder } : { record: folder }) : {}),
          kind,
          vendors,
          events: pages * 100,
          pageSize: 100,
          sampleLive,
          mode,
          nodeFlags,
          ...hub,
        });
        rows.set(pages, r);
        const liveHeap = sampleLive ? `${r.peakLiveMb.toFixed(1).padStart(6)} MB` : "not sampled";
        console.log(
          `    ${String(pages).padStart(4)} pages: live heap ${liveHeap}, RSS ${r.maxRssMb.toFixed(1).padStart(6)} MB (${r.baselineRssMb.toFixed(1)} MB before listing); of V8's: heap reserved ${r.peakHeapTotalMb.toFixed(1).padStart(5)} MB, of it young generation ${r.peakYoungMb.toFixed(0).padStart(2)} MB, external ${r.peakExternalMb.toFixed(1).padStart(5)} MB; ${fmt(r.events)} events in ${fmt(r.pages)} requests${r.ok ? "" : ` (failed: ${r.failed.join(", ")})`}`,
        );
        console.log(`               at peak RSS ${spaces(r.atPeak)}`);
        console.log(
          `               collector: ${fmt(r.gc.scavenges)} scavenges promoted ${r.gc.promotedMb.toFixed(1)} MB to old space; ${r.gc.fullGcs} full GCs${sampleLive ? " (20 forced to sample the live heap)" : " (none forced)"}`,
        );
      }
      const [short, long] = [rows.get(10)!.atPeak, rows.get(1000)!.atPeak];
      console.log(
        `    → where the RSS gained at peak (1000 vs 10 pages) is: ${SPACES.map(([key, name]) => `${name} ${signed(long[key] - short[key])}`).join(", ")} MB`,
      );
      const live = rows.get(1000)!.peakLiveMb - rows.get(10)!.peakLiveMb;
      const rss = rows.get(1000)!.maxRssMb - rows.get(10)!.maxRssMb;
      console.log(
        `    → 1000 vs 10 pages: peak RSS ${signed(rss)} MB (${verdict(rss <= TARGET_MEMORY_DELTA_MB)} the target)${sampleLive ? `, live heap ${signed(live)} MB (${verdict(live <= TARGET_MEMORY_DELTA_MB)} it)` : ""}`,
      );
      return rss;
    };
    const sources: readonly string[] = values.source === "both" ? ["in-process", "loopback"] : [values.source!];
    if (sources.includes("in-process")) {
      console.log(
        "  IN-PROCESS SOURCE: the pages are built by an exchange inside the measured process, so its figures count the source's",
      );
      console.log("  allocation too (each page's JSON text and its bytes), as well as the feed's and its clients'.");
      console.log(
        "  vendors whose order is known — Datadog v2 (sorted by the server) and Capillary (read in time slices), streamed",
      );
      console.log("  (3000 pages too: data held would triple from 1000; collector slack does not):");
      await memory(["datadog", "capillary"], [10, 1000, 3000]);
      console.log(
        "  all five vendors — Opal and Trieve (no documented order) read in time slices, Mem0 (neither order nor filter) sorted in runs on disk:",
      );
      await memory(VENDORS, [10, 1000]);
      console.log(
        "  hub.sync from no state over the same window, all five vendors (time slices from the oldest, batches of at most maxBufferedEvents):",
      );
      await memory(VENDORS, [10, 1000], "sync");
      console.log(
        `  all five vendors again, under node ${SMALL_YOUNG.join(" ")} (not a default: what the README offers a process that must stay small, through NODE_OPTIONS):`,
      );
      await memory(VENDORS, [10, 1000], "list", SMALL_YOUNG);
    }
    if (sources.includes("loopback")) {
      console.log(
        "  LOOPBACK SOURCE: the same pages (bench/in-process.ts's builder) served over HTTP on 127.0.0.1 by another process",
      );
      console.log(
        "  (bench/loopback-server.ts): the measured process holds what a user's `eventkit events` does, the hub and its HTTP",
      );
      console.log("  client (node:http, the hub's default), and nothing of the source's.");
      const requests = await mkdtemp(join(tmpdir(), "eventkit-bench-requests-"));
      console.log("  all five vendors:");
      await memory(VENDORS, [10, 1000], "list", [], "loopback", true, { requests });
      console.log(
        "  the floor: the same requests sent again with nothing of eventkit's (bench/replay.ts: node:http, each response parsed",
      );
      console.log(
        "  and its items handed on one by one, the vendors side by side): what any reader of these pages pays for HTTP and JSON:",
      );
      await memory(VENDORS, [10, 1000], "replay", [], "loopback", true, { requests });
      await rm(requests, { recursive: true, force: true });
      console.log("  Datadog v2 + Capillary:");
      await memory(["datadog", "capillary"], [10, 1000], "list", [], "loopback");
      console.log("  hub.sync, all five vendors:");
      await memory(VENDORS, [10, 1000], "sync", [], "loopback");
      console.log(
        "  all five vendors, no full GC forced (what a user's process reaches: old space grows to V8's own limit between full GCs):",
      );
      await memory(VENDORS, [10, 1000], "list", [], "loopback", false);
      console.log(
        "  the same with sliceEvents 2000 (the default for pages of 400 or more; for these pages of 100 it is 500): a slice is",
      );
      console.log(
        "  held whole until the merge has taken it, so a bigger one leaves more events to outlive the young generation, for",
      );
      console.log("  fewer requests:");
      await memory(VENDORS, [10, 1000], "list", [], "loopback", false, { sliceEvents: 2000 });
      console.log("  hub.sync, all five vendors, no full GC forced:");
      await memory(VENDORS, [10, 1000], "sync", [], "loopback", false);
      console.log("  the same with maxBufferedEvents (a sync batch's most events, and a sync slice's in memory) 500:");
      await memory(VENDORS, [10, 1000], "sync", [], "loopback", false, { maxBufferedEvents: 500 });
      console.log(
        "  what each vendor's listing promotes alone (1000 pages, no full GC forced): promotion fills old space between full GCs,",
      );
      console.log("  so these say whose reading the old-space growth above comes from:");
      for (const vendor of VENDORS) {
        const r = await measure({
          kind: "loopback",
          vendors: [vendor],
          events: 100_000,
          pageSize: 100,
          sampleLive: false,
        });
        console.log(
          `    ${vendor.padEnd(10)} ${fmt(r.pages).padStart(6)} pages: ${fmt(r.gc.scavenges).padStart(4)} scavenges promoted ${r.gc.promotedMb.toFixed(1).padStart(6)} MB (${((r.gc.promotedMb * 1024 * 1024) / r.events).toFixed(0).padStart(4)} bytes per event); peak RSS ${r.maxRssMb.toFixed(1)} MB, old space at peak ${r.atPeak.old.toFixed(1)} MB`,
        );
      }
    }
  }
  if (wants("scenario")) {
    console.log("");
    console.log("Throughput from local scenario servers (@eventkit/mock-server, HTTP on loopback), best of 2.");
    console.log(
      line(
        "all five, 2,000 events each, through Prism",
        await best({ kind: "scenario", vendors: VENDORS, events: 2000, pageSize: 100 }, 2),
      ),
    );
    // Mem0's next URLs name the Prism proxy, so it cannot be read straight from the upstream.
    console.log(
      line(
        "four (not Mem0), 2,000 each, straight to upstream",
        await best(
          {
            kind: "scenario",
            vendors: ["opal", "datadog", "trieve", "capillary"],
            events: 2000,
            pageSize: 100,
            direct: true,
          },
          2,
        ),
      ),
    );
    console.log(
      "  (Prism validates every response; with Trieve's pages of 10 these figures measure the mock servers more than the hub.)",
    );
  }
  console.log("");
  console.log(`load average at the end: ${load()}`);
}

if (process.argv[2] === "--child") {
  const result = await child(JSON.parse(process.argv[3]!) as Job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} else {
  await parent();
}
