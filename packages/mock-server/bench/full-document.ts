/**
 * `pnpm bench` (mock-server part) for the full Datadog v2 document, built from the corpus
 * (test/full/fixture.ts): generate (and a no-op generate), the package's size and typecheck time,
 * mock start in a fresh process (the `eventkit-mock` command, and where its time goes), and the
 * full-document suite's time and peak memory, each against its target. Figures, not assertions.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildFixture, corpusMissing, FIXTURE_DIR } from "../test/full/fixture.js";
import { mockSeeds } from "../test/full/seeds.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const met = (ok: boolean): string => (ok ? "met" : "NOT met");

/** Resident memory of a process and all its descendants, from /proc (Linux); 0 elsewhere. */
function treeRss(root: number): number {
  let procs: { pid: number; ppid: number; rss: number }[];
  try {
    procs = readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .flatMap((d) => {
        try {
          const stat = readFileSync(`/proc/${d}/stat`, "utf8");
          const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          return [{ pid: Number(d), ppid: Number(fields[1]), rss: Number(fields[21]) * 4096 }];
        } catch {
          return [];
        }
      });
  } catch {
    return 0;
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) grew = tree.add(p.pid).size > 0;
  }
  return procs.filter((p) => tree.has(p.pid)).reduce((n, p) => n + p.rss, 0);
}

/** Runs a command, sampling its process tree's memory; resolves with wall time, peak tree RSS, exit code and output. */
function measured(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ ms: number; peak: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: packageDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let peak = 0;
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 250);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(sampler);
      resolve({ ms: performance.now() - started, peak, code, stdout, stderr });
    });
  });
}

/** CPU seconds (user + system) and resident memory of a live process, from /proc (Linux). */
function procUsage(pid: number): { cpuMs: number; rss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { cpuMs: (ticks * 1000) / 100, rss: Number(fields[21]) * 4096 };
}

/**
 * `eventkit-mock <document>` in a fresh process, as a user runs it: the wall time until it prints
 * its URL, and its CPU and memory at that moment; then it is stopped with SIGTERM.
 */
function cliStart(document: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; cpuMs: number; rss: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(packageDir, "bin/eventkit-mock.js"), document], {
      cwd: packageDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let result: { ms: number; cpuMs: number; rss: number } | undefined;
    child.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      out += c;
      if (result || !/http:\/\/127\.0\.0\.1:\d+/.test(out)) return;
      result = { ms: performance.now() - started, ...procUsage(child.pid!) };
      child.kill("SIGTERM");
    });
    child.on("error", reject);
    child.on("close", (code) =>
      result ? resolve(result) : reject(new Error(`eventkit-mock exited ${code} before printing its URL: ${err}`)),
    );
  });
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  );
}

// performance.now() in the child counts from its process start: node's boot and Prism's load are included.
const START = (dist: string, spec: string) => `
const { startMock } = await import(${JSON.stringify(dist)});
const { loadPrism } = await import(${JSON.stringify(dist.replace(/index\.js$/, "prism.js"))});
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
await loadPrism();
const loaded = performance.now(), loadedCpu = cpu();
const mock = await startMock({ spec: ${JSON.stringify(spec)} });
const listening = performance.now();
console.log(JSON.stringify({ fromStart: listening, startMock: listening - loaded, startMockCpu: cpu() - loadedCpu, cpu: cpu(), rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 }));
await mock.close();
`;

console.log("full Datadog v2 document (corpus datadog-v2.yaml, 912 operations)");
const missing = corpusMissing();
if (missing) {
  console.log(`  skipped: ${missing}`);
} else {
  // A generate from scratch (the stamp removed), then a no-op one (inputs unchanged).
  rmSync(join(FIXTURE_DIR, ".inputs"), { force: true });
  const fixture = await buildFixture();
  const noOpStart = performance.now();
  const again = await buildFixture();
  const noOpMs = performance.now() - noOpStart;
  console.log(
    `  generate (codegen render of the fixture, one validation): ${fmt(fixture.generateMs)}; again with unchanged inputs (the fixture's digest check, not \`pnpm generate\`): ${fmt(noOpMs)}${again.built ? " (it generated again!)" : ""}, target < 1 s: ${met(!again.built && noOpMs < 1000)}`,
  );
  const tsc = join(packageDir, "node_modules/typescript/bin/tsc");
  const typecheck = await measured(process.execPath, [tsc, "-p", join(fixture.dir, "tsconfig.json")]);
  console.log(
    `  generated package: ${mb(folderBytes(join(fixture.dir, "src")))} of source; typecheck (tsc --noEmit): ${fmt(typecheck.ms)}, peak RSS ${mb(typecheck.peak)}, exit ${typecheck.code} (reported; no target)`,
  );
  const cache = join(packageDir, "node_modules/.cache/eventkit-mock-bench");
  const dist = join(packageDir, "dist/index.js");
  const starts: Record<
    string,
    { fromStart: number; startMock: number; startMockCpu: number; cpu: number; maxRss: number }
  > = {};
  rmSync(cache, { recursive: true, force: true });
  for (const run of ["cold (no operations cache)", "warm (operations cached on disk)"]) {
    const r = await measured(process.execPath, ["--input-type=module", "-e", START(dist, fixture.document)], {
      ...process.env,
      EVENTKIT_MOCK_CACHE: cache,
    });
    if (r.code !== 0) throw new Error(`the start benchmark failed (exit ${r.code}); is the package built? ${r.stderr}`);
    starts[run] = JSON.parse(r.stdout.trim().split("\n").pop()!);
  }
  for (const [run, s] of Object.entries(starts)) {
    console.log(
      `  mock start, ${run}: startMock ${fmt(s.startMock)} (CPU ${fmt(s.startMockCpu)}); from process start ${fmt(s.fromStart)} (CPU ${fmt(s.cpu)}), Prism's load included; peak RSS ${mb(s.maxRss)}`,
    );
  }
  const clis = [];
  for (let i = 0; i < 3; i++)
    clis.push(await cliStart(fixture.document, { ...process.env, EVENTKIT_MOCK_CACHE: cache }));
  const cli = [...clis].sort((a, b) => a.ms - b.ms)[1]!;
  console.log(
    `  eventkit-mock <document>, warm, from process start to its URL printed: median ${fmt(cli.ms)} wall of ${clis.map((c) => fmt(c.ms)).join(", ")}; CPU ${fmt(cli.cpuMs)}; RSS ${mb(cli.rss)}`,
  );
  console.log(
    `    target < 3 s: ${met(cli.ms < 3000)} (CPU ${met(cli.cpuMs < 3000)}); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const warm = starts["warm (operations cached on disk)"]!;
  console.log(
    `    where the time goes (warm): node + this package + Prism's load ${fmt(warm.fromStart - warm.startMock)}, startMock ${fmt(warm.startMock)} (reading the document and the cached operations, Prism's server); memory bounded: peak ${mb(warm.maxRss)}`,
  );

  const vitest = join(packageDir, "node_modules/vitest/vitest.mjs");
  const suite = await measured(process.execPath, [vitest, "run", "-c", "vitest.full.config.ts"]);
  const summary = /Tests\s+(.*)/.exec(suite.stdout)?.[1]?.trim() ?? "no summary";
  console.log(
    `  full-document suite (pnpm --filter @eventkit/mock-server test:full: contract tests, 44 paginated listings per seed, seeds ${mockSeeds().join(",")}): ${fmt(suite.ms)} wall, peak RSS of its process tree ${mb(suite.peak)}, exit ${suite.code}: ${summary}`,
  );
  console.log(
    `    target < 5 min and < 2 GB: ${met(suite.ms < 300_000 && suite.peak < 2 * 1024 ** 3)}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
}
