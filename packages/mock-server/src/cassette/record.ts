/**
 * Recording: the client talks to Prism (validating proxy), Prism to this forwarder, the forwarder
 * to the vendor. Sitting behind Prism, the forwarder sees the vendor's bytes exactly (Prism re-encodes
 * the JSON it validates), and writes each exchange, redacted, before Prism answers the client.
 */
import { createServer, type Server } from "node:http";
import { MockServerError } from "../errors.js";
import type { OpenApiDocument } from "../specs.js";
import type { Violation } from "../violations.js";
import { forwardable, operationRouter, readBody } from "./exchange.js";
import { cassetteName, writeCassette, writeViolations, type HarEntry, type HarNameValue } from "./har.js";
import { exchangeRedactor, secretNames } from "./secrets.js";

export interface Recorder {
  readonly server: Server;
  /** Prism's verdict on an exchange it proxied (matched to the oldest cassette of that request). */
  violations(method: string, path: string, violations: readonly Violation[]): void;
  /** Cassettes written so far, in order. */
  written(): readonly string[];
}

export function createRecorder(options: {
  doc: OpenApiDocument;
  upstream: string;
  dir: string;
  version: string;
}): Recorder {
  const upstream = new URL(options.upstream);
  const base = upstream.pathname.replace(/\/+$/, "");
  const names = secretNames(options.doc);
  const route = operationRouter(options.doc);
  const calls = new Map<string, number>();
  const awaitingVerdict = new Map<string, string[]>();
  const written: string[] = [];

  const server = createServer({ insecureHTTPParser: true }, (req, res) => {
    const started = new Date();
    const path = req.url ?? "/";
    const relative = new URL(path, "http://client");
    const target = new URL(`${upstream.origin}${base}${relative.pathname}${relative.search}`);
    readBody(req)
      .then(async (body) => {
        const method = req.method ?? "GET";
        const response = await fetch(target, {
          method,
          headers: forwardable(req.headers),
          ...(body.length > 0 && method !== "GET" && method !== "HEAD" ? { body: new Uint8Array(body) } : {}),
          redirect: "manual",
        });
        const text = Buffer.from(await response.arrayBuffer());
        const operationId = route(method, relative.pathname) ?? `${method.toUpperCase()}_unknown`;
        const call = (calls.get(operationId) ?? 0) + 1;
        calls.set(operationId, call);
        const name = cassetteName(operationId, call);
        const redactor = exchangeRedactor(names, target, req.headers);
        const pairs = (entries: [string, string][]): HarNameValue[] =>
          entries.map(([n, v]) => ({ name: n, value: redactor.headers({ [n]: v })[n]! }));
        const requestText = body.toString("utf8");
        const responseHeaders = forwardable(response.headers);
        const redactedUrl = new URL(redactor.url(target));
        const entry: HarEntry = {
          startedDateTime: started.toISOString(),
          time: Date.now() - started.getTime(),
          request: {
            method,
            url: redactedUrl.href,
            httpVersion: "HTTP/1.1",
            headers: pairs(forwardable(req.headers)),
            queryString: [...redactedUrl.searchParams].map(([n, v]) => ({ name: n, value: v })),
            cookies: [],
            headersSize: -1,
            bodySize: body.length,
            ...(body.length > 0
              ? {
                  postData: {
                    mimeType: String(req.headers["content-type"] ?? "application/octet-stream"),
                    text: redactor.text(requestText),
                  },
                }
              : {}),
          },
          response: {
            status: response.status,
            statusText: response.statusText,
            httpVersion: "HTTP/1.1",
            headers: pairs(responseHeaders),
            cookies: [],
            content: {
              size: text.length,
              mimeType: response.headers.get("content-type") ?? "application/octet-stream",
              text: redactor.text(text.toString("utf8")),
            },
            redirectURL: "",
            headersSize: -1,
            bodySize: text.length,
          },
          cache: {},
          timings: { send: 0, wait: Date.now() - started.getTime(), receive: 0 },
          _eventkit: { operationId, path: redactor.url(new URL(path, "http://x")).slice("http://x".length) },
        };
        writeCassette(options.dir, name, entry, options.version);
        written.push(name);
        const key = `${method.toUpperCase()} ${path}`;
        awaitingVerdict.set(key, [...(awaitingVerdict.get(key) ?? []), name]);
        res.writeHead(response.status, response.statusText, [
          ...responseHeaders.flat(),
          "content-length",
          String(text.length),
        ]);
        res.end(text);
      })
      .catch((error: unknown) => {
        const message = `eventkit-mock recorder: ${target.origin} did not answer: ${error instanceof Error ? error.message : String(error)}`;
        if (!res.headersSent)
          res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ message }));
        else res.destroy();
      });
  });

  return {
    server,
    violations: (method, path, violations) => {
      const key = `${method.toUpperCase()} ${path}`;
      const name = awaitingVerdict.get(key)?.shift();
      if (name) writeViolations(options.dir, name, violations);
    },
    written: () => [...written],
  };
}

export function checkRecordOptions(options: {
  record?: string | undefined;
  proxy?: string | undefined;
  replay?: string | undefined;
}): void {
  if (options.record !== undefined && options.proxy === undefined)
    throw new MockServerError(
      "INVALID_OPTIONS",
      "--record writes what a real API answers: give the API with --proxy <url>",
    );
  if (options.replay !== undefined && (options.proxy !== undefined || options.record !== undefined)) {
    throw new MockServerError(
      "INVALID_OPTIONS",
      "--replay serves cassettes instead of an upstream: it takes neither --proxy nor --record",
    );
  }
}
