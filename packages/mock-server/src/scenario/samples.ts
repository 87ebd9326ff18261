/**
 * What a vendor's events really look like, for the scenario mocks: the items of its recordings
 * (built into dist/recordings by scripts/build-recordings.ts), then the spec's own examples.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getPath } from "@eventkit/runtime/spec";
import { isObject } from "../openapi.js";
import type { FeedOperation } from "./feeds.js";

/** From src/scenario and dist/scenario alike, the package's dist/recordings. */
const RECORDINGS_DIR = fileURLToPath(new URL("../../dist/recordings/", import.meta.url));

const recorded = new Map<string, Record<string, unknown[]>>();

function recordedSamples(vendor: string): Record<string, unknown[]> {
  let samples = recorded.get(vendor);
  if (!samples) {
    const file = `${RECORDINGS_DIR}${vendor}.json`;
    samples = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown[]>) : {};
    recorded.set(vendor, samples);
  }
  return samples;
}

/** Recorded items of the operation first, then the items of its response example and the item schema's example. */
export function samplesFor(vendor: string | undefined, feed: FeedOperation): unknown[] {
  const fromRecordings = vendor === undefined ? [] : (recordedSamples(vendor)[feed.operation.operationId] ?? []);
  const example = feed.operation.responses[String(feed.status)]?.example;
  const fromExample = getPath(example, feed.resultsPath);
  return [
    ...fromRecordings,
    ...(Array.isArray(fromExample) ? fromExample : []),
    ...(isObject(feed.itemSchema.example) ? [feed.itemSchema.example] : []),
  ].filter(isObject);
}
