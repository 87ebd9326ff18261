/**
 * A small HTTP API over scenarios running in this process, so that test files in other workers can
 * start scenarios with their own options and read their ground truth without loading Prism again.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { MockServerError } from "./errors.js";
import { closeServer, DEFAULT_HOST, listen, urlFor } from "./listen.js";
import { startScenario, type Scenario, type ScenarioOptions } from "./scenario.js";

export interface ControlServer {
  readonly url: string;
  /** Makes a scenario started here reachable under `id`. */
  register(id: string, scenario: Scenario): void;
  /** Closes the API and every scenario it knows. */
  close(): Promise<void>;
}

/** What the API says about a scenario. */
export interface ScenarioInfo {
  readonly id: string;
  readonly vendor: string;
  readonly url: string;
  readonly upstreamUrl: string;
  readonly operations: readonly string[];
}

export function describeScenario(id: string, s: Scenario): ScenarioInfo {
  return { id, vendor: s.vendor, url: s.url, upstreamUrl: s.upstreamUrl, operations: s.operations };
}

export async function startControl(options: { host?: string } = {}): Promise<ControlServer> {
  const host = options.host ?? DEFAULT_HOST;
  const scenarios = new Map<string, Scenario>();
  let next = 1;

  const route = async (
    method: string,
    parts: string[],
    body: unknown,
    query: URLSearchParams,
  ): Promise<[number, unknown]> => {
    if (parts[0] !== "scenarios") return [404, { error: "not found" }];
    if (parts.length === 1) {
      if (method === "GET") return [200, [...scenarios].map(([id, s]) => describeScenario(id, s))];
      if (method === "POST") {
        const options = (body ?? {}) as ScenarioOptions & { vendor: string };
        const scenario = await startScenario(options);
        const id = `${scenario.vendor}-${next++}`;
        scenarios.set(id, scenario);
        return [201, describeScenario(id, scenario)];
      }
    }
    const id = parts[1]!;
    const scenario = scenarios.get(id);
    if (!scenario) return [404, { error: `no scenario "${id}"`, code: "UNKNOWN_SCENARIO" }];
    const key = `${method} ${parts.slice(2).join("/")}`;
    switch (key) {
      case "GET ":
        return [200, describeScenario(id, scenario)];
      case "DELETE ":
        scenarios.delete(id);
        await scenario.close();
        return [204, undefined];
      case "GET events":
        return [200, scenario.events(query.get("operation") ?? undefined)];
      case "POST events":
        scenario.addEvents(Number((body as { count?: unknown } | undefined)?.count ?? 0));
        return [204, undefined];
      case "GET violations":
        return [200, scenario.violations()];
      case "GET requests":
        return [200, scenario.requests()];
      default:
        return [404, { error: `no such route: ${method} /${parts.join("/")}` }];
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      send(res, 500, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://control");
    const text = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req
        .on("data", (c: Buffer) => chunks.push(c))
        .on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
        .on("error", reject);
    });
    try {
      const [status, payload] = await route(
        req.method ?? "GET",
        url.pathname.split("/").filter(Boolean),
        text ? JSON.parse(text) : undefined,
        url.searchParams,
      );
      send(res, status, payload);
    } catch (error) {
      if (error instanceof MockServerError) return send(res, 400, { error: error.message, code: error.code });
      throw error;
    }
  };

  const port = await listen(server, 0, host);
  return {
    url: urlFor(host, port),
    register: (id, scenario) => void scenarios.set(id, scenario),
    close: async () => {
      await closeServer(server);
      await Promise.all([...scenarios.values()].map((s) => s.close()));
      scenarios.clear();
    },
  };
}

/**
 * Every answer closes its connection. A worker's fetch keeps idle sockets for reuse, and the
 * server drops them after its keep-alive timeout: on a busy machine the worker could send its next
 * call on a socket the server was closing, and the call failed with ECONNRESET (seen on Node 24,
 * whose fetch reuses sockets later into that window). Control calls are few; a fresh connection
 * each costs nothing that matters.
 */
function send(res: ServerResponse, status: number, payload: unknown): void {
  if (payload === undefined) {
    res.writeHead(status, { connection: "close" }).end();
    return;
  }
  const text = JSON.stringify(payload);
  res
    .writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      connection: "close",
    })
    .end(text);
}
