/**
 * Recording a stand-in vendor (node:http on loopback) through Prism's validating proxy, then serving
 * the cassettes back: no credential in any written file, and the generated client reads the replay
 * exactly as it read the vendor.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeServer, listen, urlFor } from "../src/listen.js";
import { startMock } from "../src/mock.js";
import { clientFactory } from "./helpers/vendors.js";
import { collect } from "./helpers/scenarios.js";

const dirs: string[] = [];
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map(closeServer));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "eventkit-cassettes-"));
  dirs.push(dir);
  return dir;
}

/** A vendor stand-in: `answer` gets the request and returns the JSON body; it also sets a session cookie. */
async function standIn(answer: (req: IncomingMessage, url: URL) => unknown): Promise<string> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://vendor");
    const text = JSON.stringify(answer(req, url));
    res
      .writeHead(200, {
        "content-type": "application/json",
        "set-cookie": "session=vendor-session-cookie-value; HttpOnly",
      })
      .end(text);
  });
  servers.push(server);
  return urlFor("127.0.0.1", await listen(server, 0, "127.0.0.1"));
}

/** Every file the recorder wrote, as text. */
function writtenFiles(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), "utf8")]));
}

const OPAL_TOKEN = "opal-secret-token-1234";

function opalEvent(n: number, actor: string): Record<string, unknown> {
  return {
    event_id: `29827fb8-f2dd-4e80-9576-28e31e99340${n}`,
    actor_user_id: "1b978423-db0a-4037-a4cf-f79c60cb67b3",
    actor_name: actor,
    event_type: "USERS_CREATED",
    created_at: `2022-01-23T04:56:0${n}.000Z`,
  };
}

describe("cassettes", () => {
  it("records two pages of Opal redacted, with Prism's verdict beside each, and replays them to the client", async () => {
    const upstream = await standIn((req, url) => {
      // The vendor echoes the caller's credential in a field: the body must be redacted too.
      const echoed = String(req.headers.authorization ?? "");
      return url.searchParams.get("cursor") === "page-2"
        ? { next: null, previous: "page-2", results: [opalEvent(3, "Ada")] }
        : { next: "page-2", previous: null, results: [opalEvent(1, echoed), opalEvent(2, "Grace")] };
    });
    const dir = tempDir();
    const create = await clientFactory("opal");
    const mock = await startMock({ vendor: "opal" }, { proxy: `${upstream}/v1`, record: dir });
    let live: unknown[];
    try {
      live = await collect(
        create({ baseUrl: mock.url, auth: { BearerAuth: OPAL_TOKEN }, retries: 0 }).paginate.listEvents({
          params: { query: { page_size: 2 } },
        }),
      );
      expect(mock.recorded!()).toEqual(["events.001.har", "events.002.har"]);
    } finally {
      await mock.close();
    }
    expect(live.map((e) => (e as { event_id: string }).event_id)).toHaveLength(3);

    const files = writtenFiles(dir);
    expect(Object.keys(files).sort()).toEqual([
      "events.001.har",
      "events.001.violations.json",
      "events.002.har",
      "events.002.violations.json",
    ]);
    for (const [name, text] of Object.entries(files)) {
      expect(text, name).not.toContain(OPAL_TOKEN);
      expect(text, name).not.toContain("vendor-session-cookie-value");
    }
    const first = JSON.parse(files["events.001.har"]!) as {
      log: {
        version: string;
        entries: { request: { url: string; headers: { name: string; value: string }[] }; _eventkit: unknown }[];
      };
    };
    expect(first.log.version).toBe("1.2");
    expect(first.log.entries[0]!.request.url).toBe(`${upstream}/v1/events?page_size=2`);
    expect(first.log.entries[0]!.request.headers.find((h) => h.name === "authorization")?.value).toBe("[redacted]");
    expect(first.log.entries[0]!._eventkit).toEqual({ operationId: "events", path: "/events?page_size=2" });
    expect(JSON.parse(files["events.001.violations.json"]!)).toEqual([]);

    const replay = await startMock({ vendor: "opal" }, { replay: dir });
    try {
      const client = create({ baseUrl: replay.url, auth: { BearerAuth: "another-token" }, retries: 0 });
      const replayed = await collect(client.paginate.listEvents({ params: { query: { page_size: 2 } } }));
      // What the vendor echoed is redacted in the cassette; everything else is as the client first read it.
      expect(replayed.map((e) => (e as { event_id: string }).event_id)).toEqual(
        live.map((e) => (e as { event_id: string }).event_id),
      );
      expect((replayed[0] as { actor_name: string }).actor_name).toBe("[redacted]");
      expect(replayed.slice(1)).toEqual(live.slice(1));
      expect(replay.misses!()).toEqual([]);

      await expect(client.listEvents({ params: { query: { page_size: 5 } } })).rejects.toThrow(
        /no recording for GET \/events\?page_size=5 .*nearest: events\.001\.har GET \/events\?page_size=2/,
      );
      expect(replay.misses!()).toEqual([
        {
          method: "GET",
          path: "/events?page_size=5",
          nearest: expect.arrayContaining([expect.stringMatching(/^events\.00[12]\.har GET \/events/)]) as unknown,
        },
      ]);
    } finally {
      await replay.close();
    }
  });

  it("leaves no form of a Basic credential (password, its MD5 digest, the base64 header) in Capillary's cassettes", async () => {
    const upstream = await standIn(() => ({
      data: [{ id: "a1", eventName: "transactionAdd", status: "EVENT_SUCCESS", startTime: 1700000000000 }],
      warnings: [],
      errors: [],
    }));
    const dir = tempDir();
    const create = await clientFactory("capillary");
    const password = "till-password-5678";
    const mock = await startMock({ vendor: "capillary" }, { proxy: upstream, record: dir });
    let sent: string | undefined;
    try {
      const client = create({
        baseUrl: mock.url,
        auth: { basicAuth: { username: "till.user", password } },
        retries: 0,
        fetch: (request: Request) => {
          sent = request.headers.get("authorization") ?? undefined;
          return fetch(request);
        },
      });
      await client.listEvents({ params: { query: { limit: 1 } } });
    } finally {
      await mock.close();
    }
    const token = sent!.slice("Basic ".length);
    const digest = Buffer.from(token, "base64").toString("utf8").split(":")[1]!;
    expect(digest).toMatch(/^[0-9a-f]{32}$/);
    const files = writtenFiles(dir);
    expect(Object.keys(files).sort()).toEqual(["getEventsLogs.001.har", "getEventsLogs.001.violations.json"]);
    for (const [name, text] of Object.entries(files)) {
      for (const secret of [password, digest, token]) expect(text, `${name} holds ${secret}`).not.toContain(secret);
    }
  });

  it("redacts an x-eventkit-secret query parameter and an apiKey header of a spec of your own", async () => {
    const upstream = await standIn(() => ({ items: [{ id: "1" }] }));
    const spec = {
      openapi: "3.0.3",
      info: { title: "acme", version: "1" },
      servers: [{ url: "https://acme.example" }],
      security: [{ key: [] }],
      components: { securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Acme-Key" } } },
      paths: {
        "/items": {
          get: {
            operationId: "listItems",
            parameters: [
              { name: "signature", in: "query", required: true, schema: { type: "string" }, "x-eventkit-secret": true },
            ],
            responses: {
              "200": { description: "ok", content: { "application/json": { schema: { type: "object" } } } },
            },
          },
        },
      },
    };
    const dir = tempDir();
    const mock = await startMock({ spec }, { proxy: upstream, record: dir });
    try {
      const response = await fetch(`${mock.url}/items?signature=sig-value-9999&page=2`, {
        headers: { "X-Acme-Key": "acme-key-value-0000", Cookie: "sid=cookie-value-7777" },
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    } finally {
      await mock.close();
    }
    const files = writtenFiles(dir);
    expect(Object.keys(files).sort()).toEqual(["listItems.001.har", "listItems.001.violations.json"]);
    for (const [name, text] of Object.entries(files)) {
      for (const secret of ["sig-value-9999", "acme-key-value-0000", "cookie-value-7777"])
        expect(text, `${name} holds ${secret}`).not.toContain(secret);
    }
    expect(JSON.parse(files["listItems.001.har"]!).log.entries[0].request.url).toBe(
      `${upstream}/items?signature=[redacted]&page=2`,
    );
  });

  it("refuses a folder without cassettes, naming it", async () => {
    const dir = tempDir();
    await expect(startMock({ vendor: "opal" }, { replay: dir })).rejects.toThrow(
      `cassette folder ${dir} holds no cassettes`,
    );
    await expect(startMock({ vendor: "opal" }, { record: dir })).rejects.toThrow(/--record .* --proxy/);
  });
});
