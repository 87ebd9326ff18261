/**
 * Cassettes: one HAR 1.2 file per recorded call (`<operationId>.<NNN>.har`), Prism's violations of
 * that exchange beside it (`<operationId>.<NNN>.violations.json`). HAR because browsers, Polly.js
 * and most HTTP tools read it; one call per file so that a review shows one exchange at a time.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MockServerError } from "../errors.js";
import type { Violation } from "../violations.js";

export interface HarNameValue {
  readonly name: string;
  readonly value: string;
}

export interface HarEntry {
  readonly startedDateTime: string;
  readonly time: number;
  readonly request: {
    readonly method: string;
    /** Absolute URL of the vendor, credentials redacted. */
    readonly url: string;
    readonly httpVersion: string;
    readonly headers: readonly HarNameValue[];
    readonly queryString: readonly HarNameValue[];
    readonly cookies: readonly HarNameValue[];
    readonly headersSize: number;
    readonly bodySize: number;
    readonly postData?: { readonly mimeType: string; readonly text: string };
  };
  readonly response: {
    readonly status: number;
    readonly statusText: string;
    readonly httpVersion: string;
    readonly headers: readonly HarNameValue[];
    readonly cookies: readonly HarNameValue[];
    readonly content: { readonly size: number; readonly mimeType: string; readonly text: string };
    readonly redirectURL: string;
    readonly headersSize: number;
    readonly bodySize: number;
  };
  readonly cache: Record<string, never>;
  readonly timings: { readonly send: number; readonly wait: number; readonly receive: number };
  /** HAR's custom-field convention: the operation, and the path and query as a client sends them (relative to its base URL). */
  readonly _eventkit: { readonly operationId: string; readonly path: string };
}

export interface Har {
  readonly log: {
    readonly version: "1.2";
    readonly creator: { readonly name: string; readonly version: string };
    readonly comment?: string;
    readonly entries: readonly HarEntry[];
  };
}

/** A cassette as read from a folder. */
export interface Cassette {
  /** `ListEvents.001.har` */
  readonly file: string;
  readonly entry: HarEntry;
}

const CASSETTE = /^(.+)\.(\d{3,})\.har$/;
/** More than any review would read; a folder past it is not a cassette folder. */
const MAX_CASSETTES = 10_000;

export function cassetteName(operationId: string, call: number): string {
  return `${operationId.replace(/[^A-Za-z0-9_-]+/g, "_")}.${String(call).padStart(3, "0")}.har`;
}

export function violationsName(cassette: string): string {
  return cassette.replace(/\.har$/, ".violations.json");
}

/** Written aside and renamed: a reader never sees half a cassette. */
export function writeJsonFile(dir: string, name: string, value: unknown): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  const partial = `${path}.partial`;
  writeFileSync(partial, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(partial, path);
}

export function harOf(entry: HarEntry, version: string): Har {
  return { log: { version: "1.2", creator: { name: "eventkit-mock", version }, entries: [entry] } };
}

export function writeCassette(dir: string, name: string, entry: HarEntry, version: string): void {
  writeJsonFile(dir, name, harOf(entry, version));
}

export function writeViolations(dir: string, cassette: string, violations: readonly Violation[]): void {
  writeJsonFile(dir, violationsName(cassette), violations);
}

/** Every `*.NNN.har` in `dir`, each checked for what replay needs; errors name the file and field. */
export function readCassettes(dir: string): Cassette[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => CASSETTE.test(n))
      .sort();
  } catch (error) {
    throw new MockServerError(
      "INVALID_OPTIONS",
      `cassette folder ${dir}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : String(error)}`,
    );
  }
  if (names.length === 0)
    throw new MockServerError(
      "INVALID_OPTIONS",
      `cassette folder ${dir} holds no cassettes (<operationId>.<NNN>.har files)`,
    );
  if (names.length > MAX_CASSETTES)
    throw new MockServerError(
      "INVALID_OPTIONS",
      `cassette folder ${dir} holds ${names.length} cassettes, more than ${MAX_CASSETTES}`,
    );
  return names.flatMap((file) => entriesOf(join(dir, file)).map((entry) => ({ file, entry })));
}

function entriesOf(path: string): HarEntry[] {
  let har: unknown;
  try {
    har = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new MockServerError(
      "INVALID_OPTIONS",
      `${path}: not a HAR file (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const entries = (har as { log?: { entries?: unknown } } | null)?.log?.entries;
  if (!Array.isArray(entries) || entries.length === 0)
    throw new MockServerError("INVALID_OPTIONS", `${path}: log.entries must be a non-empty array`);
  entries.forEach((entry, i) => {
    checkEntry(entry, `${path}: log.entries[${i}]`);
  });
  return entries as HarEntry[];
}

function checkEntry(entry: unknown, where: string): void {
  const e = entry as Partial<HarEntry> | null;
  const fail = (field: string, want: string): never => {
    throw new MockServerError("INVALID_OPTIONS", `${where}.${field}: expected ${want}`);
  };
  if (typeof e?.request?.method !== "string") fail("request.method", "a string");
  if (typeof e?.request?.url !== "string") fail("request.url", "a string");
  if (typeof e?.response?.status !== "number") fail("response.status", "a number");
  if (typeof e?.response?.content?.text !== "string") fail("response.content.text", "a string (the body as sent)");
  if (e?._eventkit !== undefined && (typeof e._eventkit.path !== "string" || !e._eventkit.path.startsWith("/")))
    fail("_eventkit.path", "a path starting with /");
}
