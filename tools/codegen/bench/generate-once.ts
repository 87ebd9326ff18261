/**
 * One measured generation in a fresh process, so peak memory is this run's alone.
 * `raw <yaml>`: openapi-typescript's Node API on the file, as a user of it would call it.
 * `ours <yaml> [overlay] [dir]`: our pipeline up to the emitted files (all stages but the write);
 * with `dir`, the generated files are then written to `<dir>/src/generated/` (not timed).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { loadFile, render } from "../src/index.js";

const [mode, file, overlay, dir] = process.argv.slice(2);
const start = performance.now();
const cpuStart = process.cpuUsage();
let bytes: number;
let generated: Record<string, string> | undefined;
if (mode === "raw") {
  bytes = astToString(await openapiTS(new URL(`file://${file}`), { silent: true })).length;
} else {
  const out = await render(
    { vendor: "bench", document: loadFile(file!), overlay: overlay ? loadFile(overlay) : undefined, source: "bench" },
    "/nonexistent",
    { strict: true },
  );
  bytes = Object.values(out.generated).reduce((n, s) => n + s.length, 0);
  generated = out.generated;
}
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
if (dir && generated) {
  mkdirSync(join(dir, "src/generated"), { recursive: true });
  for (const [name, text] of Object.entries(generated)) writeFileSync(join(dir, "src/generated", name), text);
}
process.stdout.write(
  JSON.stringify({
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    bytes,
    input: readFileSync(file!).length,
  }),
);
