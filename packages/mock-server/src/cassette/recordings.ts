/**
 * A vendor's `specs/<vendor>/recordings/` folder: HAR cassettes of real exchanges (replayable), and
 * `*.items.json` files of vendor-written or recorded objects of one listing's item schema, with the
 * deviations their SOURCE explains.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MockServerError } from "../errors.js";
import { readCassettes, type Cassette } from "./har.js";

/**
 * A place where an items file knowingly departs from the spec, and why (the recording is wrong
 * there); or, in `gaps`, a place eventkit cannot read yet (`unreadable-id`, `unreadable-time`), and
 * which fix will read it. Both must keep occurring: a fixed one fails the test until it is removed.
 */
export interface Deviation {
  /** Dotted, from the item list: `*.id` (`*` is one segment). */
  readonly location: string;
  readonly code: string;
  readonly reason: string;
}

export interface ItemsFile {
  readonly file: string;
  readonly operationId: string;
  readonly items: readonly unknown[];
  readonly deviations: readonly Deviation[];
  readonly gaps: readonly Deviation[];
}

export interface Recordings {
  readonly dir: string;
  readonly cassettes: readonly Cassette[];
  readonly itemFiles: readonly ItemsFile[];
}

export function readRecordings(dir: string): Recordings | undefined {
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir);
  const cassettes = names.some((n) => n.endsWith(".har")) ? readCassettes(dir) : [];
  const itemFiles = names
    .filter((n) => n.endsWith(".items.json"))
    .sort()
    .map((file) => readItems(join(dir, file), file));
  return { dir, cassettes, itemFiles };
}

function readItems(path: string, file: string): ItemsFile {
  let parsed: { operationId?: unknown; items?: unknown; deviations?: unknown; gaps?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as typeof parsed;
  } catch (error) {
    throw new MockServerError(
      "INVALID_OPTIONS",
      `${path}: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (typeof parsed.operationId !== "string")
    throw new MockServerError("INVALID_OPTIONS", `${path}: operationId must be a string`);
  if (!Array.isArray(parsed.items) || parsed.items.length === 0)
    throw new MockServerError("INVALID_OPTIONS", `${path}: items must be a non-empty array`);
  return {
    file,
    operationId: parsed.operationId,
    items: parsed.items,
    deviations: readDeviations(path, "deviations", parsed.deviations),
    gaps: readDeviations(path, "gaps", parsed.gaps),
  };
}

function readDeviations(path: string, key: string, value: unknown): Deviation[] {
  const list = value ?? [];
  if (
    !Array.isArray(list) ||
    !list.every(
      (d: Partial<Deviation>) =>
        typeof d.location === "string" &&
        typeof d.code === "string" &&
        typeof d.reason === "string" &&
        d.reason.length > 0,
    )
  ) {
    throw new MockServerError(
      "INVALID_OPTIONS",
      `${path}: ${key} must be a list of { location, code, reason } with a reason`,
    );
  }
  return list as Deviation[];
}

/** Whether a violation at `location` (from the item list) with `code` is one the file explains. */
export function isDeviation(
  deviations: readonly Deviation[],
  location: readonly string[],
  code: string | number | undefined,
): Deviation | undefined {
  return deviations.find((d) => {
    const want = d.location.split(".");
    return (
      String(code) === d.code &&
      want.length === location.length &&
      want.every((segment, i) => segment === "*" || segment === location[i])
    );
  });
}
