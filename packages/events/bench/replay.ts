/**
 * The floor under the memory figures: the requests a loopback listing made (recorded by
 * bench/loopback-server.ts, a file per vendor), sent again to the same pages with nothing of
 * eventkit's: node:http with a keep-alive agent (the hub's default sender), each vendor's requests
 * in order and the vendors side by side, each response read whole, parsed and its items handed on
 * one by one, then dropped. No client, no feed, no time slices, no merge: what any reader of these
 * pages pays for the HTTP and the JSON.
 */
import { createReadStream } from "node:fs";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { RecordedRequest } from "./loopback-server.js";

export interface Replay extends AsyncIterable<unknown> {
  readonly report: {
    all(): { vendor: string; pages: number }[];
    readonly ok: boolean;
    readonly failed: string[];
  };
}

/** Replays `dir`'s recorded requests of each vendor against its URL in `urls`. */
export function replay(dir: string, urls: Readonly<Record<string, string>>): Replay {
  const pages = new Map(Object.keys(urls).map((vendor) => [vendor, 0]));
  const failed: string[] = [];
  return {
    report: {
      all: () => [...pages].map(([vendor, n]) => ({ vendor, pages: n })),
      get ok() {
        return failed.length === 0;
      },
      failed,
    },
    async *[Symbol.asyncIterator]() {
      const agent = new Agent({ keepAlive: true });
      // Items cross from the vendors' readers to the consumer one page at a time.
      const ready: unknown[][] = [];
      let wake: (() => void) | undefined;
      let running = pages.size;
      const readVendor = async (vendor: string): Promise<void> => {
        try {
          const lines = createInterface({ input: createReadStream(join(dir, `${vendor}.jsonl`)), crlfDelay: Infinity });
          for await (const line of lines) {
            if (!line) continue;
            const sent = JSON.parse(line) as RecordedRequest;
            const items = itemsOf(JSON.parse(await send(agent, new URL(sent.path, urls[vendor]), sent)));
            pages.set(vendor, pages.get(vendor)! + 1);
            // One page waiting per vendor at most, as a lane holds.
            while (ready.length >= pages.size) await new Promise<void>((resolve) => setImmediate(resolve));
            ready.push(items);
            wake?.();
          }
        } catch (error) {
          failed.push(`${vendor}: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          running--;
          wake?.();
        }
      };
      const readers = [...pages.keys()].map(readVendor);
      try {
        for (;;) {
          const items = ready.shift();
          if (items) {
            yield* items;
            continue;
          }
          if (running === 0) break;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      } finally {
        await Promise.allSettled(readers);
        agent.destroy();
      }
    },
  };
}

function send(agent: Agent, url: URL, sent: RecordedRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = sent.body ? { "content-type": "application/json" } : {};
    const req = request(url, { method: sent.method, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        response.statusCode === 200
          ? resolve(Buffer.concat(chunks).toString("utf8"))
          : reject(new Error(`${sent.method} ${sent.path}: ${response.statusCode}`)),
      );
      response.on("error", reject);
    });
    req.on("error", reject);
    req.end(sent.body || undefined);
  });
}

/** A page's items: the body when it is a list, else its longest list at the top level. */
function itemsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  let longest: unknown[] = [];
  if (body && typeof body === "object")
    for (const value of Object.values(body)) if (Array.isArray(value) && value.length > longest.length) longest = value;
  return longest;
}
