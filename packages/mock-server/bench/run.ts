/**
 * Figures, not assertions: how long until every vendor mock listens in a fresh process (Prism's
 * load included; the target is under 2.5 s), and the wall time of the contract suite.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const RUNS = 3;

/** Runs a command; resolves with its wall time in ms and its stdout. */
function timed(command: string, args: string[]): Promise<{ ms: number; stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: packageDir, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ ms: performance.now() - started, stdout, code }));
  });
}

// performance.now() in the child counts from its process start: node's own boot is included.
const LISTEN_ALL = `
const { startMocks, knownVendors } = await import("./dist/index.js");
const mocks = await startMocks(knownVendors().map((vendor) => ({ vendor })));
console.log(JSON.stringify({ ms: performance.now(), vendors: mocks.length }));
await Promise.all(mocks.map((m) => m.close()));
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const listen: number[] = [];
let vendors = 0;
for (let i = 0; i < RUNS; i++) {
  const { stdout, code } = await timed(process.execPath, ["--input-type=module", "-e", LISTEN_ALL]);
  if (code !== 0) throw new Error(`the listen benchmark failed (exit ${code}); is the package built?`);
  const result = JSON.parse(stdout.trim().split("\n").pop()!) as { ms: number; vendors: number };
  listen.push(result.ms);
  vendors = result.vendors;
}
console.log(
  `all ${vendors} vendor mocks listening, from process start: median ${fmt(median(listen))} over ${RUNS} runs (${listen.map(fmt).join(", ")}); target < 2.50 s`,
);

const vitest = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
const contract = await timed(process.execPath, [vitest, "run", "test/contract.test.ts", "test/errors.test.ts"]);
console.log(
  `contract suite (contract + error paths, global setup included): ${fmt(contract.ms)} wall, exit ${contract.code}`,
);
const all = await timed(process.execPath, [vitest, "run"]);
console.log(`whole mock-server suite: ${fmt(all.ms)} wall, exit ${all.code}`);

await import("./full-document.js");
