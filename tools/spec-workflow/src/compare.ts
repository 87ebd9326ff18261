import { apiCompare, type Diff } from "api-smart-diff";
import { type Action, type ChangeClass, classify, type LibraryClass } from "./classify.js";
import { type Context, type Found, HTTP_METHODS, locate } from "./locate.js";
import { reachableComponents } from "./reachable.js";
import type { Path } from "./words.js";

type Json = Record<string, unknown>;

export interface Operation {
  method: string;
  path: string;
  operationId?: string;
}

export interface Change {
  class: ChangeClass;
  /** The operation the change is in; none for document-level changes. */
  operation?: Operation;
  /** Where, in plain words: "response 200 (application/json)", "query parameter `limit`". */
  where: string;
  /** What changed, in plain words. */
  what: string;
  /** Why a breaking change breaks existing client code. */
  why?: string;
  /** Where api-smart-diff found it, as a JSON path into the documents. */
  path: Path;
  /** api-smart-diff's own classification, kept for review. */
  library: LibraryClass;
}

const CLASS_ORDER: Record<ChangeClass, number> = { breaking: 0, "non-breaking": 1, documentation: 2 };

/**
 * Compares two OpenAPI documents (as the generator sees them: overlaid and bundled) and returns
 * every change, classified from the client's point of view.
 */
export function compareDocuments(before: Json, after: Json): Change[] {
  const { diffs } = apiCompare(structuredClone(before), structuredClone(after));
  const ctx: Context = {
    before,
    after,
    used: new Set([...reachableComponents(before), ...reachableComponents(after)]),
  };
  const changes = mergeNewRequiredFields(
    diffs.flatMap((diff) => expand(diff as Diff)).flatMap((diff) => describe(diff, ctx)),
  );
  const seen = new Set<string>();
  return changes
    .filter((c) => {
      const key = `${opKey(c.operation)}|${c.where}|${c.what}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(
      (a, b) => CLASS_ORDER[a.class] - CLASS_ORDER[b.class] || opKey(a.operation).localeCompare(opKey(b.operation)),
    );
}

/** Lists whose arrival or removal as a whole is reported item by item. */
const CONTAINERS = new Set(["parameters", "properties", "responses", "content"]);

/**
 * api-smart-diff reports a list that appears or disappears as one change (`parameters` added to
 * an operation that had none); each item in it is a change of its own.
 */
function expand(diff: Diff): Diff[] {
  const path = diff.path as Path;
  const last = path[path.length - 1];
  if ((diff.action !== "add" && diff.action !== "remove") || typeof last !== "string" || !CONTAINERS.has(last))
    return [diff];
  // `properties` is the keyword only where it is not itself a property's name.
  if (last === "properties" && path[path.length - 2] === "properties") return [diff];
  const value = (diff.action === "add" ? diff.after : diff.before) as unknown;
  if (!value || typeof value !== "object") return [diff];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.map(([key, item]) => ({
    ...diff,
    path: [...path, key],
    ...(diff.action === "add" ? { after: item } : { before: item }),
  }));
}

function opKey(op?: Operation): string {
  return op ? `${op.path} ${op.method}` : "";
}

function describe(diff: Diff, ctx: Context): Change[] {
  const action: Action = diff.action === "rename" ? "replace" : diff.action;
  const path = diff.path as Path;
  const found = locate(diff, action, path, ctx);
  const make = (f: Found, operation?: Operation): Change => {
    const { class: cls, why } = classify(f.kind, f.area, f.action, diff.type as LibraryClass, f.field);
    return {
      class: cls,
      ...(operation ? { operation } : {}),
      where: f.where,
      what: f.what,
      ...(why ? { why } : {}),
      path,
      library: diff.type as LibraryClass,
    };
  };
  if (path[0] === "paths" && typeof path[2] === "string" && HTTP_METHODS.has(path[2])) {
    const operation = operationAt(ctx, String(path[1]), path[2]);
    return found.map((f) => make(f, operation));
  }
  return found.map((f) => make(f));
}

function operationAt(ctx: Context, path: string, method: string): Operation {
  const id = (doc: Json) => ((doc.paths as Json | undefined)?.[path] as Json | undefined)?.[method] as Json | undefined;
  const operationId = (id(ctx.after)?.operationId ?? id(ctx.before)?.operationId) as string | undefined;
  return { method: method.toUpperCase(), path, ...(operationId ? { operationId } : {}) };
}

/**
 * A new property that is also new in `required` is one change ("new required field"), and it
 * breaks requests; api-smart-diff reports the two separately.
 */
function mergeNewRequiredFields(changes: Change[]): Change[] {
  const key = (c: Change, field: string) => `${opKey(c.operation)}|${c.where}|${field}`;
  const newlyRequired = new Map<string, Change>();
  for (const c of changes) {
    const m = /^`(.+)` is now required$/.exec(c.what);
    if (m) newlyRequired.set(key(c, m[1]!), c);
  }
  const merged = new Set<Change>();
  const out: Change[] = [];
  for (const c of changes) {
    const m = /^field `(.+)` added$/.exec(c.what);
    const required = m ? newlyRequired.get(key(c, m[1]!)) : undefined;
    if (required) {
      merged.add(required);
      out.push({ ...required, what: `new required field \`${m![1]}\`` });
    } else if (!merged.has(c)) {
      out.push(c);
    }
  }
  return out.filter((c) => !(merged.has(c) && /is now required$/.test(c.what)));
}
