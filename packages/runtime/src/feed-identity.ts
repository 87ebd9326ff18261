import { compilePath } from "./feed-path.js";
import type { FeedSpec } from "./spec.js";
import { parseTime } from "./time-format.js";

/**
 * An event's id and time as its `x-eventkit-feed` declares them: candidates tried in order, each
 * time candidate in its declared formats. The events feed and the mocks' contract tests read
 * events through these, so that a recording is judged exactly as the feed will read it.
 */

/** The id and the index of the candidate it came from; undefined when no candidate yields one. */
export type IdReader = (event: unknown) => { readonly id: string; readonly from: number } | undefined;

export function compileIdReader(feed: Pick<FeedSpec, "id">): IdReader {
  const candidates = feed.id.map((c) => ({
    get: compilePath(c.path),
    match: c.match !== undefined ? new RegExp(c.match) : undefined,
  }));
  return (event) => {
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      const value = c.get(event);
      // An integer beyond 2^53 was rounded when the JSON was parsed: not the vendor's id.
      if (typeof value === "number" && !Number.isSafeInteger(value)) continue;
      let id =
        typeof value === "string"
          ? value.trim() === ""
            ? undefined
            : value
          : typeof value === "number" && Number.isFinite(value)
            ? String(value)
            : undefined;
      if (id !== undefined && c.match) id = c.match.exec(id)?.[1];
      if (id === undefined) continue;
      return { id, from: i };
    }
    return undefined;
  };
}

/** The time read (epoch ms), or what stood where a time was declared and could not be read. */
export type TimeRead =
  | { readonly ms: number; readonly value: unknown; readonly from: number }
  | { readonly ms?: undefined; readonly unreadable: readonly { readonly path: string; readonly value: unknown }[] };

export type TimeReader = (event: unknown) => TimeRead;

export function compileTimeReader(feed: Pick<FeedSpec, "time">): TimeReader {
  const candidates = feed.time.map((c) => ({ path: c.path, get: compilePath(c.path), formats: c.formats }));
  return (event) => {
    let unreadable: { path: string; value: unknown }[] | undefined;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      const value = c.get(event);
      if (value === undefined || value === null) continue;
      const ms = parseTime(value, c.formats);
      if (ms !== undefined) return { ms, value, from: i };
      unreadable ??= [];
      unreadable.push({ path: c.path, value });
    }
    return { unreadable: unreadable ?? [] };
  };
}
