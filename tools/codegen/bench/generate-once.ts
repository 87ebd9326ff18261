/**
 * One measured generation in a fresh process, so peak memory is this run's alone.
 * `raw <yaml>`: openapi-typescript's Node API on the file, as a user of it would call it.
 * `ours <yaml> [overlay]`: our pipeline up to the emitted files (all stages but the write).
 */
import { readFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";
import { loadFile, render } from "../src/index.js";

const [mode, file, overlay] = process.argv.slice(2);
const start = performance.now();
const cpuStart = process.cpuUsage();
let bytes: number;
if (mode === "raw") {
  bytes = astToString(await openapiTS(new URL(`file://${file}`), { silent: true })).length;
} else {
  const out = await render({ vendor: "bench", document: loadFile(file!), overlay: overlay ? loadFile(overlay) : undefined, source: "bench" }, "/nonexistent", { strict: true });
  bytes = Object.values(out.generated).reduce((n, s) => n + s.length, 0);
}
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, bytes, input: readFileSync(file!).length }));
