/** What the recorder and the replayer share: reading a request off the wire, and naming its operation. */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { operationsOf } from "../openapi.js";
import { pathPattern } from "../scenario/upstream.js";
import type { OpenApiDocument } from "../specs.js";

/** Hop-by-hop and framing headers: each side of a proxy sets its own. */
const NOT_FORWARDED = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "content-length",
  "host",
  "content-encoding",
]);

export function forwardable(headers: IncomingHttpHeaders | Headers): [string, string][] {
  const entries: [string, string][] = [];
  const pairs = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of pairs) {
    if (value === undefined || NOT_FORWARDED.has(name.toLowerCase())) continue;
    for (const v of Array.isArray(value) ? value : [value]) entries.push([name.toLowerCase(), v]);
  }
  return entries;
}

export function readBody(req: IncomingMessage, maxBytes = 32 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.destroy();
        reject(new Error(`request body over ${maxBytes} bytes`));
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Names operations by method and path (relative to the client's base URL), as the spec declares them. */
export function operationRouter(doc: OpenApiDocument): (method: string, pathname: string) => string | undefined {
  const routes = operationsOf(doc).map((op) => ({
    method: op.method,
    pattern: pathPattern(op.path),
    id: op.operationId,
  }));
  return (method, pathname) => routes.find((r) => r.method === method.toLowerCase() && r.pattern.test(pathname))?.id;
}
