/**
 * Contract tests on reality: every vendor's recordings (specs/<vendor>/recordings) against the
 * overlaid spec. Cassettes are replayed through Prism's validating proxy to the generated client and
 * its pager; items files are validated with Prism's validator and read as the feed reads events.
 * A vendor without recordings must say in provenance.json that none are public. Real recordings,
 * which are not committed, run the same tests where a maintainer placed them (externalRecordings).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Cassette } from "../src/cassette/har.js";
import { isDeviation, readRecordings } from "../src/cassette/recordings.js";
import { validateItems } from "../src/cassette/validate-items.js";
import { useCassettes } from "../src/cassette/use-cassettes.js";
import type { ClientFeeds } from "@eventkit/runtime";
import { compileIdReader, compileTimeReader, getPath } from "@eventkit/runtime/spec";
import { loadVendorSpec } from "../src/specs.js";
import { describeViolation, isError } from "../src/violations.js";
import { collect } from "./helpers/scenarios.js";
import {
  clientFactory,
  clientFeeds,
  credentials,
  ROOT,
  specFolders,
  vendorDocument,
  vendorOperations,
  type VendorOperation,
} from "./helpers/vendors.js";

/**
 * Real recordings a maintainer keeps outside the repository (they are not ours to commit):
 * `$EVENTKIT_RECORDINGS/<vendor>/`, else `../shared/recordings/<vendor>/` beside the checkout.
 */
function externalRecordings(vendor: string): string {
  return process.env.EVENTKIT_RECORDINGS
    ? join(resolve(process.env.EVENTKIT_RECORDINGS), vendor)
    : join(ROOT, "..", "shared", "recordings", vendor);
}

for (const vendor of specFolders()) {
  const dir = `${ROOT}specs/${vendor}/recordings`;
  const provenance = JSON.parse(readFileSync(`${ROOT}specs/${vendor}/provenance.json`, "utf8")) as {
    recordings?: unknown;
  };

  describe(`${vendor} recordings`, () => {
    it("are in the repository, or provenance.json says why not", () => {
      expect(
        typeof provenance.recordings === "string" && provenance.recordings.length > 20,
        `specs/${vendor}/provenance.json needs a "recordings" note`,
      ).toBe(true);
      if (existsSync(dir)) expect(readFileSync(`${dir}/SOURCE`, "utf8")).toMatch(/Licence:/);
    });
  });
  await contractTests(vendor, dir, `${vendor} recordings`);

  const external = externalRecordings(vendor);
  if (existsSync(external)) await contractTests(vendor, external, `${vendor} real recordings in ${external}`);
  else
    describe(`${vendor} real recordings`, () =>
      it.skip(`none at ${external} (set EVENTKIT_RECORDINGS, or see specs/${vendor}/recordings/SOURCE for where to get them)`, () => {}));
}

async function contractTests(vendor: string, dir: string, title: string): Promise<void> {
  const recordings = readRecordings(dir);
  if (!recordings) return;

  const create = await clientFactory(vendor);
  const feeds = await clientFeeds(vendor);
  const clientSpec = create().spec;
  const operations = vendorOperations(clientSpec, vendorDocument(vendor));
  const byId = (operationId: string): VendorOperation => {
    const op = operations.find((o) => o.operation.operationId === operationId);
    if (!op?.feed)
      throw new Error(`${vendor}: recordings name ${operationId}, which is no listing operation of the spec`);
    return op;
  };

  describe(title, async () => {
    const replay = recordings.cassettes.length ? await useCassettes(vendor, dir) : undefined;
    const served = new Set<string>();

    for (const session of sessions(recordings.cassettes, byId)) {
      const op = byId(session.operationId);
      const first = session.pages[0]!;
      it(`${first.file}: the client pages through ${session.pages.map((p) => p.file).join(", ")} and gets every item once, in order, with no violation`, async () => {
        const before = replay!.violations().length;
        const client = create({
          baseUrl: replay!.url,
          auth: credentials(clientSpec),
          retries: 0,
          fetch: async (request: Request) => {
            const response = await fetch(request);
            const cassette = response.headers.get("x-eventkit-cassette");
            if (cassette) served.add(cassette);
            return response;
          },
        });
        const query = Object.fromEntries(new URL(first.entry._eventkit.path, "http://x").searchParams);
        const items = await collect(
          client.paginate[op.method](
            { params: { query } },
            { maxPages: session.pages.length },
          ) as AsyncIterable<unknown>,
        );
        const recorded = session.pages.flatMap(
          (p) => getPath(JSON.parse(p.entry.response.content.text), op.feed!.resultsPath) as unknown[],
        );
        const { id, time } = feedReaders(feeds, op);
        expect(items.map((e) => id(e)?.id)).toEqual(recorded.map((e) => id(e)?.id));
        expect(new Set(items.map((e) => id(e)?.id)).size).toBe(items.length);
        for (const item of items)
          expect(time(item).ms, `${JSON.stringify(item).slice(0, 200)}: no readable time`).toBeTypeOf("number");
        const violations = replay!
          .violations()
          .slice(before)
          .flatMap((r) => r.violations.filter(isError).map((v) => `${r.method} ${r.path}: ${describeViolation(v)}`));
        expect(violations, "Prism found the recording at odds with the overlaid spec").toEqual([]);
      });
    }

    if (recordings.cassettes.length) {
      it("every cassette was served", () => {
        expect([...served].sort()).toEqual([...new Set(recordings.cassettes.map((c) => c.file))].sort());
      });
    }

    for (const file of recordings.itemFiles) {
      it(`${file.file}: every item validates against ${file.operationId}'s item schema, and the feed reads its id and time`, async () => {
        const op = byId(file.operationId);
        const violations = await validateItems(
          loadVendorSpec(vendor),
          file.operationId,
          op.feed!.resultsPath,
          file.items,
        );
        const explained = new Set(
          violations.map((v) => isDeviation(file.deviations, v.location, v.code)).filter(Boolean),
        );
        const unexplained = violations.filter((v) => !isDeviation(file.deviations, v.location, v.code));
        expect(
          unexplained.map(describeViolation),
          `${file.file}: fix the overlay (with the reason in its action's description) or explain the deviation in SOURCE`,
        ).toEqual([]);
        expect(
          file.deviations.filter((d) => !explained.has(d)).map((d) => d.location),
          "deviations that no longer occur",
        ).toEqual([]);
        // What the feed cannot read yet (as the feed reads it: every candidate, every declared
        // format) must be a declared gap, and a declared gap must still occur.
        const { id, time } = feedReaders(feeds, op);
        const feed = feeds[op.method]!;
        const unread = file.items.flatMap((item, index) => [
          ...(id(item) ? [] : [{ location: [String(index), ...feed.id[0]!.path.split(".")], code: "unreadable-id" }]),
          ...(time(item).ms !== undefined
            ? []
            : [{ location: [String(index), ...feed.time[0]!.path.split(".")], code: "unreadable-time" }]),
        ]);
        const declared = new Set(unread.map((u) => isDeviation(file.gaps, u.location, u.code)).filter(Boolean));
        expect(
          unread
            .filter((u) => !isDeviation(file.gaps, u.location, u.code))
            .map((u) => `${u.location.join(".")}: ${u.code}`),
          `${file.file}: the feed cannot read these`,
        ).toEqual([]);
        expect(
          file.gaps.filter((g) => !declared.has(g)).map((g) => `${g.location}: ${g.code}`),
          `${file.file}: gaps that are fixed now (remove them)`,
        ).toEqual([]);
      });
    }
  });
}

/** The event's id and time, read as the events feed reads them (`x-eventkit-feed` in the client's spec). */
function feedReaders(
  feeds: ClientFeeds,
  op: VendorOperation,
): { id: ReturnType<typeof compileIdReader>; time: ReturnType<typeof compileTimeReader> } {
  const feed = feeds[op.method];
  if (!feed) throw new Error(`${op.operation.operationId} has a listing but no x-eventkit-feed`);
  return { id: compileIdReader(feed), time: compileTimeReader(feed) };
}

interface Session {
  readonly operationId: string;
  readonly pages: readonly Cassette[];
}

/**
 * The recorded listings: each first page (a cassette no other one links to) with the pages that
 * follow it as the spec's pagination says (the next cursor or URL of a page leads to the next cassette).
 */
function sessions(cassettes: readonly Cassette[], byId: (operationId: string) => VendorOperation): Session[] {
  const key = (path: string): string => {
    const url = new URL(path, "http://x");
    return `${url.pathname.replace(/\/+$/, "")}?${[...url.searchParams]
      .map(([n, v]) => `${n}=${v}`)
      .sort()
      .join("&")}`;
  };
  const byKey = new Map(cassettes.map((c) => [`${c.entry.request.method} ${key(c.entry._eventkit.path)}`, c]));
  const nextOf = (c: Cassette): Cassette | undefined => {
    const p = byId(c.entry._eventkit.operationId).feed!.pagination;
    const body = JSON.parse(c.entry.response.content.text) as unknown;
    const url = new URL(c.entry._eventkit.path, "http://x");
    if (p?.cursorParam && p.cursorPath) {
      const cursor = getPath(body, p.cursorPath);
      if (cursor === undefined || cursor === null || cursor === "") return undefined;
      url.searchParams.set(p.cursorParam, String(cursor));
    } else if (p?.nextUrlPath) {
      const next = getPath(body, p.nextUrlPath);
      if (typeof next !== "string") return undefined;
      const target = new URL(next, "http://x");
      url.pathname = target.pathname;
      url.search = target.search;
    } else return undefined;
    return byKey.get(`${c.entry.request.method} ${key(`${url.pathname}${url.search}`)}`);
  };
  const followers = new Set(cassettes.map(nextOf).filter(Boolean));
  return cassettes
    .filter((c) => !followers.has(c))
    .map((first) => {
      const pages = [first];
      for (let next = nextOf(first); next && !pages.includes(next); next = nextOf(next)) pages.push(next);
      return { operationId: first.entry._eventkit.operationId, pages };
    });
}
