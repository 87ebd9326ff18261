/**
 * The scenario's stand-in for the vendor: a plain node:http server answering every operation of
 * the spec from the event logs, with the faults asked for. Prism sits in front of it in proxy mode.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { deletePath, getPath, isWholeValue, setPath } from "@eventkit/runtime/spec";
import { allowsNull, schemaAt, successResponse, type Operation, type Schema } from "../openapi.js";
import type { EventLog } from "./event-log.js";
import type { FaultSchedule } from "./faults.js";
import type { FeedOperation } from "./feeds.js";
import { deriveSeed, fake, seededRandom } from "./generate.js";
import { NEXT_URL_PARAM, selectPage, type Page } from "./paging.js";

/** A request the vendor stand-in received, and what it answered. */
export interface RecordedRequest {
  /** From 1, in arrival order. */
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly body?: unknown;
  readonly operationId?: string;
  readonly status: number;
  /** Page number (from 1) of a listing. */
  readonly page?: number;
  readonly fault?: "rate-limit" | "server-error" | "malformed";
}

interface Route {
  readonly operation: Operation;
  readonly pattern: RegExp;
  readonly feed?: FeedOperation;
}

export interface UpstreamInit {
  readonly feeds: readonly FeedOperation[];
  readonly others: readonly Operation[];
  readonly logs: ReadonlyMap<string, EventLog>;
  readonly faults: FaultSchedule;
  readonly seed: number;
  readonly pageSize?: number | undefined;
}

export class Upstream {
  readonly server: Server;
  /** The origin clients talk to (the Prism proxy), for the next-page URLs. */
  publicUrl = "";
  private readonly routes: Route[];
  private readonly templates = new Map<string, unknown>();
  private readonly log: RecordedRequest[] = [];

  constructor(private readonly init: UpstreamInit) {
    this.routes = [
      ...init.feeds.map((feed) => ({ operation: feed.operation, pattern: pathPattern(feed.operation.path), feed })),
      ...init.others.map((operation) => ({ operation, pattern: pathPattern(operation.path) })),
    ];
    // Prism's proxy forwards the client's `Transfer-Encoding: chunked` beside the Content-Length it
    // sets itself; Node's strict parser answers such requests 400 before any handler runs.
    this.server = createServer({ insecureHTTPParser: true }, (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          sendJson(res, 500, { message: `scenario failed: ${error instanceof Error ? error.message : String(error)}` });
        else res.destroy();
      });
    });
    // Only the Prism proxy in front calls this server, over kept-alive sockets. Node closes an idle
    // one after 5 s, and a busy machine lets the proxy pick that socket just as it closes: the page
    // fails with ECONNRESET (seen under load). Idle sockets stay until the server closes them all.
    this.server.keepAliveTimeout = 0;
  }

  requests(): readonly RecordedRequest[] {
    return this.log;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://upstream");
    const method = (req.method ?? "GET").toLowerCase();
    const text = await readBody(req);
    const query = queryObject(url.searchParams);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return this.answer(
        res,
        { method, url, query, body: text, status: 400 },
        { message: "request body is not valid JSON" },
      );
    }
    const route = this.routes.find((r) => r.operation.method === method && r.pattern.test(url.pathname));
    if (!route)
      return this.answer(
        res,
        { method, url, query, body, status: 404 },
        { message: `no operation ${method.toUpperCase()} ${url.pathname} in the spec` },
      );
    const base = { method, url, query, body, operationId: route.operation.operationId };

    const fault = this.init.faults.next();
    if (fault) {
      await sleep(this.init.faults.slowMs);
      const status = fault.kind === "rate-limit" ? 429 : fault.status;
      const headers: Record<string, string> =
        fault.kind === "rate-limit" ? { "retry-after": String(fault.retryAfterSeconds) } : {};
      return this.answer(res, { ...base, status, fault: fault.kind }, this.errorBody(route.operation, status), headers);
    }

    const read = (name: string): unknown =>
      name.startsWith("body.") ? getPath(body, name.slice(5)) : (url.searchParams.get(name) ?? undefined);
    await sleep(this.init.faults.slowMs);
    if (!route.feed) {
      const success = successResponse(route.operation);
      return this.answer(
        res,
        { ...base, status: success?.status ?? 200 },
        this.template(route.operation, success?.schema, success?.example),
      );
    }
    const feed = route.feed;
    const page = selectPage(
      feed,
      this.init.logs.get(feed.operation.operationId)!.entries(),
      { read },
      this.init.pageSize,
    );
    const { body: payload, headers } = this.envelope(feed, page, url);
    if (this.init.faults.isMalformed(page.number)) {
      const json = JSON.stringify(payload);
      return this.answer(
        res,
        { ...base, status: feed.status, page: page.number, fault: "malformed" },
        undefined,
        headers,
        json.slice(0, Math.max(1, Math.floor(json.length / 2))),
      );
    }
    return this.answer(res, { ...base, status: feed.status, page: page.number }, payload, headers);
  }

  /**
   * One page as the operation's `x-pagination` declares it, and nothing else: the next page's
   * token or URL where `cursorPath`, `nextUrlPath` or the Link header say, whether more follow at
   * `hasMorePath`, the count at `totalPath`. A declaration the client reads wrongly fails its tests.
   */
  private envelope(feed: FeedOperation, page: Page, url: URL): { body: unknown; headers: Record<string, string> } {
    let body = setPath(
      this.template(feed.operation, feed.responseSchema),
      feed.resultsPath,
      page.entries.map((e) => e.value),
    );
    const headers: Record<string, string> = {};
    const p = feed.pagination;
    if (!p) return { body, headers };
    const last = page.nextToken === undefined || page.style === "single";
    const nextUrl = (): string => {
      const next = new URL(`${url.pathname}${url.search}`, this.publicUrl);
      next.searchParams.set(NEXT_URL_PARAM, page.nextToken!);
      return next.href;
    };
    if (page.style === "link-header" && !last) headers.link = `<${nextUrl()}>; rel="next"`;
    // A bare array has no fields to write; the generator allows it only where nothing is read from the body.
    if (isWholeValue(feed.resultsPath)) return { body, headers };
    const link = p.cursorPath ?? p.nextUrlPath;
    if (link && last)
      body = allowsNull(schemaAt(feed.responseSchema, link)) ? setPath(body, link, null) : deletePath(body, link);
    else if (link) body = setPath(body, link, page.style === "cursor" ? page.nextToken : nextUrl());
    if (p.hasMorePath) body = setPath(body, p.hasMorePath, page.style !== "single" && page.more);
    if (p.totalPath) body = setPath(body, p.totalPath, page.total);
    return { body, headers };
  }

  /** The operation's response body without its list, faked once per operation from the seed. */
  private template(operation: Operation, schema: Schema | undefined, example?: unknown): unknown {
    const key = operation.operationId;
    if (!this.templates.has(key)) {
      const random = seededRandom(deriveSeed(this.init.seed, `${key}/envelope`));
      this.templates.set(key, example !== undefined ? example : schema ? fake(schema, random) : {});
    }
    return this.templates.get(key);
  }

  /** What the spec says this status carries (its example, else a faked body), else a plain message. */
  private errorBody(operation: Operation, status: number): unknown {
    const declared =
      operation.responses[String(status)] ??
      operation.responses[`${String(status)[0]}XX`] ??
      operation.responses.default;
    if (declared?.example !== undefined) return declared.example;
    if (declared?.schema)
      return fake(declared.schema, seededRandom(deriveSeed(this.init.seed, `${operation.operationId}/${status}`)));
    return { message: status === 429 ? "Too Many Requests" : "Service Unavailable" };
  }

  private answer(
    res: ServerResponse,
    record: Omit<RecordedRequest, "seq" | "path"> & { url: URL },
    payload: unknown,
    headers: Record<string, string> = {},
    raw?: string,
  ): void {
    const { url, ...rest } = record;
    this.log.push({ seq: this.log.length + 1, ...rest, path: url.pathname });
    const text = raw ?? JSON.stringify(payload ?? null);
    res.writeHead(record.status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }
}

export function pathPattern(template: string): RegExp {
  const escaped = template
    .replace(/\/+$/, "")
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  return new RegExp(`^${escaped}/?$`);
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
