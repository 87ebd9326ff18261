/**
 * Writes dist/recordings/<vendor>.json: for each listing operation, the items its recordings hold
 * (cassettes' 2xx responses, then *.items.json), so that scenario mocks show events that look like
 * the vendor's real ones. Runs after build-specs (it reads the built documents for resultsPath).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readRecordings } from "../src/cassette/recordings.js";
import { deletePath, getPath } from "@eventkit/runtime/spec";
import { describeFeeds } from "../src/scenario/feeds.js";
import { knownVendors, loadVendorSpec } from "../src/specs.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(packageDir, "..", "..");
const out = join(packageDir, "dist", "recordings");
const staging = `${out}.partial`;

rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
const counts: string[] = [];
for (const vendor of knownVendors()) {
  const recordings = readRecordings(join(root, "specs", vendor, "recordings"));
  if (!recordings) continue;
  const feeds = describeFeeds(loadVendorSpec(vendor).document).feeds;
  const samples: Record<string, unknown[]> = {};
  const add = (operationId: string, items: unknown): void => {
    if (!Array.isArray(items) || items.length === 0) return;
    const kept = samples[operationId] ?? [];
    kept.push(...items);
    samples[operationId] = kept;
  };
  for (const { entry } of recordings.cassettes) {
    const feed = feeds.find((f) => f.operation.operationId === entry._eventkit?.operationId);
    if (feed && entry.response.status >= 200 && entry.response.status < 300)
      add(feed.operation.operationId, getPath(JSON.parse(entry.response.content.text), feed.resultsPath));
  }
  // Where an items file knowingly departs from the spec (its deviations), the value is left out.
  for (const file of recordings.itemFiles)
    add(
      file.operationId,
      file.items.map((item) =>
        withoutDeviations(
          item,
          file.deviations.map((d) => d.location),
        ),
      ),
    );
  writeFileSync(join(staging, `${vendor}.json`), `${JSON.stringify(samples, null, 2)}\n`);
  counts.push(`${vendor} ${Object.values(samples).reduce((n, s) => n + s.length, 0)}`);
}
rmSync(out, { recursive: true, force: true });
renameSync(staging, out);
console.log(`mock-server: wrote recorded samples to dist/recordings (${counts.join(", ") || "none"})`);

function withoutDeviations(item: unknown, locations: readonly string[]): unknown {
  const copy = structuredClone(item);
  for (const location of locations) {
    const [first, ...rest] = location.split(".");
    if (first === "*" && rest.length && copy !== null && typeof copy === "object")
      deletePath(copy as Record<string, unknown>, rest.join("."));
  }
  return copy;
}
