/**
 * The in-process source's pages served over HTTP on 127.0.0.1 from a process of its own, so that a
 * feed measured against it holds only what a user's `eventkit events` process holds: the hub and its
 * HTTP client. One server per vendor (a port each: Mem0's `next` URLs name the origin they came
 * from). Bodies are built per request by bench/in-process.ts's `bodyFor`, nothing is kept.
 *
 *   tsx bench/loopback-server.ts '<json: { vendors, events, mem0PageSize, record? }>'
 *
 * With `record` (a folder), every request served is written to `<record>/<vendor>.jsonl` as a JSON
 * line (`RecordedRequest`), for bench/replay.ts to send the same requests again.
 *
 * Prints one line, `{"urls":{"<vendor>":"http://127.0.0.1:<port>",…}}`, once every server listens,
 * and runs until its stdin closes (the parent ends or closes it) or it is sent SIGTERM.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { VendorName } from "../src/index.js";
import { bodyFor } from "./in-process.js";

interface Shape {
  readonly vendors: readonly VendorName[];
  readonly events: number;
  readonly mem0PageSize: number;
  readonly record?: string;
}

/** One request served, as `record` writes it. */
export interface RecordedRequest {
  readonly vendor: string;
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  /** The request body, "" for none. */
  readonly body: string;
}

const shape = JSON.parse(process.argv[2] ?? "") as Shape;
const records = new Map<string, WriteStream>();
const servers: Server[] = [];
const urls: Record<string, string> = {};

for (const vendor of shape.vendors) {
  const answer = bodyFor(vendor, { events: shape.events, mem0PageSize: shape.mem0PageSize });
  let origin = "";
  const record = shape.record ? createWriteStream(join(shape.record, `${vendor}.jsonl`)) : undefined;
  if (record) records.set(vendor, record);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const sent = Buffer.concat(chunks).toString("utf8");
      const served: RecordedRequest = { vendor, method: request.method ?? "GET", path: request.url ?? "/", body: sent };
      record?.write(`${JSON.stringify(served)}\n`);
      let body: string;
      try {
        body = answer(new URL(request.url ?? "/", origin), sent);
      } catch (error) {
        response.writeHead(400, { "content-type": "text/plain" }).end(String(error));
        return;
      }
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      response.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  urls[vendor] = origin;
  servers.push(server);
}

const stop = (): void => {
  for (const server of servers) {
    server.close();
    server.closeAllConnections();
  }
  for (const record of records.values()) record.end();
};
process.stdin.on("end", stop).resume();
process.on("SIGTERM", stop);
process.stdout.write(`${JSON.stringify({ urls })}\n`);
