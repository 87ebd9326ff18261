/**
 * `node --import tsx/esm child-runner.ts <module> <export> <json args>`: the other side of in-child.ts.
 * Prints one JSON line last: `{ ok: true, value }` or `{ ok: false, message }`.
 */
import { pathToFileURL } from "node:url";

const [file, name, args] = process.argv.slice(2);
if (!file || !name || args === undefined) throw new Error("usage: child-runner.ts <module> <export> <json args>");
const module = (await import(pathToFileURL(file).href)) as Record<string, (...a: unknown[]) => unknown>;
const fn = module[name];
if (typeof fn !== "function") throw new Error(`${file} exports no function ${name}`);
let line: string;
try {
  line = JSON.stringify({ ok: true, value: await fn(...(JSON.parse(args) as unknown[])) });
} catch (error) {
  line = JSON.stringify({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
process.stdout.write(`\n${line}\n`);
