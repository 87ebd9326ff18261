/**
 * `pnpm bench` (generator part): prints figures and ratios against the targets; asserts nothing.
 * - cold `pnpm generate` of every vendor (turbo cache ignored) and a no-op rerun (cache hit);
 * - our generator against raw openapi-typescript on the full Datadog v2 spec from the corpus;
 * - a 3,000-deep chain of `$ref`s (a hostile spec's way to make resolution super-linear).
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { refChain } from "./ref-chain.js";

const root = join(import.meta.dirname, "../../..");
const corpus = process.env.EVENTKIT_CORPUS ? resolve(process.env.EVENTKIT_CORPUS) : join(root, "../shared/corpus");
const tsx = join(root, "node_modules/.bin/tsx");

function wall(command: string, args: string[]): number {
  const start = performance.now();
  const run = spawnSync(command, args, { cwd: root, stdio: "ignore" });
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${run.status}`);
  return performance.now() - start;
}

/** In-process generation time and CPU time (imports excluded), peak RSS, and the whole process's wall time. */
type Run = { ms: number; cpuMs: number; maxRssMB: number; wallMs: number };
function once(args: string[]): Run {
  const start = performance.now();
  const run = spawnSync(tsx, [join(import.meta.dirname, "generate-once.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  return { ...(JSON.parse(run.stdout) as Omit<Run, "wallMs">), wallMs: performance.now() - start };
}
const best = (xs: Run[]) => ({
  ms: Math.min(...xs.map((x) => x.ms)),
  cpu: Math.min(...xs.map((x) => x.cpuMs)),
  mb: Math.min(...xs.map((x) => x.maxRssMB)),
  wall: Math.min(...xs.map((x) => x.wallMs)),
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

console.log("generator benchmark");
const cold = wall("pnpm", ["generate", "--force"]);
const noop = median([0, 1, 2].map(() => wall("pnpm", ["generate"])));
// What `pnpm generate` runs, without pnpm's own start-up (about a second of it on this machine).
const noopScript = median([0, 1, 2].map(() => wall(process.execPath, [join(root, "tools/codegen/bin/generate.mjs")])));
console.log(`  cold pnpm generate (5 vendors, no cache)   ${fmt(cold)}`);
console.log(
  `  no-op pnpm generate (digests match)        ${fmt(noop)}   target < 1 s: ${noop < 1000 ? "met" : "NOT met"}`,
);
console.log(`    of which tools/codegen/bin/generate.mjs  ${fmt(noopScript)}   (the rest is pnpm starting)`);

const spec = join(corpus, "datadog-v2.yaml");
if (!existsSync(spec)) {
  console.log(
    `  Datadog v2 comparison skipped: no ${spec} (set EVENTKIT_CORPUS to the folder holding datadog-v2.yaml)`,
  );
} else {
  // Raw openapi-typescript refuses the spec as published (externalValue files are not shipped);
  // it gets the same document without those examples, which is what our overlay removes.
  const dir = mkdtempSync(join(tmpdir(), "eventkit-bench-"));
  const stripped = join(dir, "datadog-v2.yaml");
  writeFileSync(stripped, readFileSync(spec, "utf8").replace(/^\s*externalValue: .*\n/gm, ""));
  const overlay = join(root, "tools/codegen/test/corpus/datadog-v2.overlay.yaml");
  const raw: Run[] = [];
  const ours: Run[] = [];
  for (let i = 0; i < 3; i++) {
    raw.push(once(["raw", stripped]));
    ours.push(once(["ours", spec, overlay]));
  }
  // The last run also writes its package, to measure its size and how long tsc takes over it.
  const pkg = join(root, "tools/codegen/.bench/datadog-v2");
  rmSync(pkg, { recursive: true, force: true });
  ours.push(once(["ours", spec, overlay, pkg]));
  const r = best(raw);
  const o = best(ours);
  console.log(`  Datadog v2 (3.8 MB, 912 operations), best of 3, each in a fresh process:`);
  console.log(`    raw openapi-typescript   ${fmt(r.ms)}  peak RSS ${r.mb.toFixed(0)} MB`);
  console.log(
    `    eventkit generator       ${fmt(o.ms)}  peak RSS ${o.mb.toFixed(0)} MB   (overlay, validation, model, client emit included)`,
  );
  const t = o.ms / r.ms;
  const m = o.mb / r.mb;
  console.log(
    `    ratio time ${t.toFixed(2)}x, memory ${m.toFixed(2)}x   target ≤ 1.2x: ${t <= 1.2 && m <= 1.2 ? "met" : "NOT met"}`,
  );
  const files = readdirSync(join(pkg, "src/generated")).map(
    (f) => [f, statSync(join(pkg, "src/generated", f)).size] as const,
  );
  const total = files.reduce((n, [, size]) => n + size, 0);
  console.log(
    `    generated package: ${(total / 1024 / 1024).toFixed(1)} MB (${files.map(([f, size]) => `${f} ${(size / 1024).toFixed(0)} KiB`).join(", ")})`,
  );
  writeFileSync(
    join(pkg, "tsconfig.json"),
    JSON.stringify({
      extends: "../../../../tsconfig.base.json",
      compilerOptions: { noEmit: true },
      include: ["src/generated/index.ts"],
    }),
  );
  const tsc = join(root, "tools/codegen/node_modules/typescript/bin/tsc");
  const typecheck = wall(process.execPath, [tsc, "-p", join(pkg, "tsconfig.json")]);
  console.log(
    `    typecheck (tsc --noEmit over the generated package): ${fmt(typecheck)} wall (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
  );

  // The no-op check of pnpm generate (bin/digest.mjs) on a workspace holding this vendor: the
  // spec folder and the package hashed, from process start, as pnpm generate does before turbo.
  const ws = mkdtempSync(join(tmpdir(), "eventkit-bench-noop-"));
  writeFileSync(join(ws, "pnpm-workspace.yaml"), "packages:\n  - specs/*\n  - packages/*\n");
  mkdirSync(join(ws, "specs/datadog-v2"), { recursive: true });
  copyFileSync(spec, join(ws, "specs/datadog-v2/openapi.yaml"));
  copyFileSync(overlay, join(ws, "specs/datadog-v2/overlay.yaml"));
  writeFileSync(
    join(ws, "specs/datadog-v2/package.json"),
    JSON.stringify({
      name: "@eventkit/spec-datadog-v2",
      eventkit: { vendor: "datadog-v2", document: "openapi.yaml", overlay: "overlay.yaml" },
    }),
  );
  cpSync(pkg, join(ws, "packages/datadog-v2"), { recursive: true });
  writeFileSync(join(ws, "packages/datadog-v2/package.json"), "{}");
  const digest = join(root, "tools/codegen/bin/digest.mjs");
  const check = `const d = await import(${JSON.stringify(digest)}); const ws = ${JSON.stringify(ws)};
d.recordGenerated(ws, "datadog-v2", d.inputDigest(ws, "datadog-v2"));
const t = performance.now(); if (!d.isUpToDate(ws, "datadog-v2")) process.exit(1);
console.log(JSON.stringify({ check: performance.now() - t, total: performance.now() }));`;
  const noops = [0, 1, 2].map(
    () =>
      JSON.parse(spawnSync(process.execPath, ["--input-type=module", "-e", check], { encoding: "utf8" }).stdout) as {
        check: number;
        total: number;
      },
  );
  const n = noops.sort((a, b) => a.total - b.total)[1]!;
  console.log(
    `    no-op check of this vendor (digests of its spec folder and package, as pnpm generate does before anything else): ${fmt(n.check)}, ${fmt(n.total)} from process start   target < 1 s: ${n.total < 1000 ? "met" : "NOT met"}`,
  );
  rmSync(ws, { recursive: true, force: true });
}

// Each schema only a $ref to the next: Redocly's resolver alone followed this in cubic time
// (3,000 links: 172 s and 3.7 GB before src/refs resolved each $ref once).
const chain = join(mkdtempSync(join(tmpdir(), "eventkit-bench-")), "ref-chain.yaml");
writeFileSync(chain, refChain(3000));
const c = best([0, 1, 2].map(() => once(["ours", chain])));
console.log(`  3,000-deep $ref chain, best of 3, each in a fresh process:`);
console.log(
  `    eventkit generator       ${fmt(c.ms)}  peak RSS ${c.mb.toFixed(0)} MB   target < 2 s and < 300 MB: ${c.ms < 2000 && c.mb < 300 ? "met" : "NOT met"}`,
);
console.log(
  `    (CPU time ${fmt(c.cpu)}; the whole process, start-up and imports included: ${fmt(c.wall)}; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
);
