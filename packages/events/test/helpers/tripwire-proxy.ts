/**
 * Forwarding proxies in front of scenario servers that count the requests passing through them, so
 * that a test acts at the n-th request of a run (kills the process in the middle of its pages)
 * instead of after a guessed time, which a busy machine would make meaningless. Links to the
 * scenario in an answer (next-page URLs) are rewritten to the proxy, so a client paginating through
 * it stays on one origin.
 */
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface Proxy {
  readonly url: string;
  close(): Promise<void>;
}

export interface Tripwire {
  /** Runs `action` when the n-th request from now arrives at any of its proxies; that request gets no answer. */
  arm(n: number, action: () => void): void;
  disarm(): void;
  proxy(target: string): Promise<Proxy>;
}

export function createTripwire(): Tripwire {
  let remaining = Infinity;
  let action = (): void => undefined;
  const tripwire: Tripwire = {
    arm(n, act) {
      remaining = n;
      action = act;
    },
    disarm() {
      remaining = Infinity;
    },
    async proxy(target) {
      let url = "";
      const server = createServer((req, res) => {
        if (--remaining === 0) {
          tripwire.disarm();
          action();
          return;
        }
        const forwarded = request(
          new URL(req.url ?? "/", target),
          {
            method: req.method,
            headers: { ...req.headers, host: new URL(target).host, "accept-encoding": "identity" },
          },
          (answer) => {
            const chunks: Buffer[] = [];
            answer.on("data", (chunk: Buffer) => chunks.push(chunk));
            answer.on("end", () => {
              const body = Buffer.from(Buffer.concat(chunks).toString("utf8").replaceAll(target, url));
              const headers = { ...answer.headers, "content-length": String(body.length) };
              delete headers["transfer-encoding"];
              res.writeHead(answer.statusCode ?? 502, headers);
              res.end(body);
            });
          },
        );
        forwarded.on("error", (error) => {
          res.writeHead(502);
          res.end(String(error));
        });
        req.pipe(forwarded);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return {
        url,
        close: () =>
          new Promise<void>((resolve, reject) => {
            // A request left unanswered keeps its socket open; close would wait for it forever.
            server.closeAllConnections();
            server.close((error) => (error ? reject(error) : resolve()));
          }),
      };
    },
  };
  return tripwire;
}
