/**
 * Replay: a stand-in vendor answering from cassettes, behind Prism's validating proxy like any
 * upstream. A request matches a cassette on method, path, query (decoded, any order) and body (as
 * JSON when both parse); the same request recorded twice is answered in recorded order.
 */
import { createServer, type Server } from "node:http";
import { isDeepStrictEqual } from "node:util";
import { readBody } from "./exchange.js";
import { readCassettes, type Cassette } from "./har.js";

export interface ReplayMiss {
  readonly method: string;
  readonly path: string;
  /** The closest recordings, best first: `ListEvents.002.har GET /api/v2/events?page%5Bcursor%5D=…`. */
  readonly nearest: readonly string[];
}

export interface Replayer {
  readonly server: Server;
  readonly cassettes: readonly Cassette[];
  /** Requests no cassette matched, in order. */
  misses(): readonly ReplayMiss[];
}

interface Recorded {
  readonly cassette: Cassette;
  readonly method: string;
  readonly pathname: string;
  readonly query: readonly string[];
  readonly body: unknown;
}

/** Headers the replayer sets itself. */
const OWN_HEADERS = new Set(["content-length", "transfer-encoding", "content-encoding", "connection", "keep-alive"]);

export function createReplayer(dir: string): Replayer {
  const cassettes = readCassettes(dir);
  const recorded: Recorded[] = cassettes.map((cassette) => {
    const { request } = cassette.entry;
    const url = new URL(
      cassette.entry._eventkit?.path ?? new URL(request.url).pathname + new URL(request.url).search,
      "http://replay",
    );
    return {
      cassette,
      method: request.method.toUpperCase(),
      pathname: trimSlash(url.pathname),
      query: queryKey(url.searchParams),
      body: parseBody(request.postData?.text),
    };
  });
  const served = new Map<Recorded, number>();
  const misses: ReplayMiss[] = [];

  const server = createServer({ insecureHTTPParser: true }, (req, res) => {
    readBody(req)
      .then((raw) => {
        const method = (req.method ?? "GET").toUpperCase();
        const url = new URL(req.url ?? "/", "http://replay");
        const wanted = {
          method,
          pathname: trimSlash(url.pathname),
          query: queryKey(url.searchParams),
          body: parseBody(raw.length ? raw.toString("utf8") : undefined),
        };
        const matches = recorded.filter(
          (r) =>
            r.method === wanted.method &&
            r.pathname === wanted.pathname &&
            isDeepStrictEqual(r.query, wanted.query) &&
            isDeepStrictEqual(r.body, wanted.body),
        );
        // Recorded order for repeated calls; the last recording answers once they are used up.
        const next = matches.find((r) => !served.has(r)) ?? matches[matches.length - 1];
        if (!next) {
          const miss = { method, path: `${url.pathname}${url.search}`, nearest: nearest(recorded, wanted) };
          misses.push(miss);
          const message = `no recording for ${method} ${miss.path}${raw.length ? ` with body ${raw.toString("utf8").slice(0, 200)}` : ""} in ${dir}; nearest: ${miss.nearest.join("; ") || "none"}`;
          const text = JSON.stringify({ message, errors: [message], nearest: miss.nearest });
          res
            .writeHead(404, {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(text),
              "x-eventkit-replay": "miss",
            })
            .end(text);
          return;
        }
        served.set(next, (served.get(next) ?? 0) + 1);
        const { response } = next.cassette.entry;
        const text = Buffer.from(response.content.text, "utf8");
        const headers = response.headers
          .filter((h) => !OWN_HEADERS.has(h.name.toLowerCase()))
          .flatMap((h) => [h.name, h.value]);
        if (!response.headers.some((h) => h.name.toLowerCase() === "content-type"))
          headers.push("content-type", response.content.mimeType);
        res.writeHead(response.status, [
          ...headers,
          "content-length",
          String(text.length),
          "x-eventkit-cassette",
          next.cassette.file,
        ]);
        res.end(text);
      })
      .catch((error: unknown) => {
        if (!res.headersSent)
          res
            .writeHead(500, { "content-type": "application/json" })
            .end(JSON.stringify({ message: `replay failed: ${String(error)}` }));
        else res.destroy();
      });
  });
  return { server, cassettes, misses: () => [...misses] };
}

/** Decoded `name=value` pairs, sorted: `a=1&b=2` and `b=2&a=1` are the same query. */
function queryKey(params: URLSearchParams): string[] {
  return [...params].map(([n, v]) => `${n}=${v}`).sort();
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/** Same method and path first, then fewest differing query pairs; a body difference counts as one. */
function nearest(recorded: readonly Recorded[], wanted: Omit<Recorded, "cassette">, count = 3): string[] {
  const distance = (r: Recorded): number => {
    const query = new Set(r.query);
    const asked = new Set(wanted.query);
    const differing = [...query].filter((q) => !asked.has(q)).length + [...asked].filter((q) => !query.has(q)).length;
    return (
      (r.method === wanted.method ? 0 : 1000) +
      (r.pathname === wanted.pathname ? 0 : 100) +
      differing +
      (isDeepStrictEqual(r.body, wanted.body) ? 0 : 1)
    );
  };
  return [...recorded]
    .sort((a, b) => distance(a) - distance(b))
    .slice(0, count)
    .map((r) => `${r.cassette.file} ${r.method} ${r.pathname}${r.query.length ? `?${r.query.join("&")}` : ""}`);
}
