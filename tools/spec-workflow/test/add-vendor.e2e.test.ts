/**
 * README "Adding a vendor", end to end in a temporary copy of the repository: a sixth vendor
 * (test/fixtures/vendors/github: GitHub's public events, paged by RFC 8288 Link headers, none of the
 * five's style) is added by its spec folder and `pnpm generate github` alone, with no other file
 * edited, and gets a client that builds, a mock, contract and many-page tests, and a place in
 * `eventkit events --mock`.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, copyRepo, git, mustRunAsync, removeTree, runAsync, seedCopyCache } from "./helpers/repo.js";

const FIXTURE = join(import.meta.dirname, "fixtures/vendors/github");
const VENDOR = "github";

let root: string;
/** The copy's turbo cache (seedCopyCache): the repository's artifacts, and what the copy's runs add. */
let cache: Record<string, string>;

interface FeedEvent {
  vendor: string;
  id: string;
  type: string;
  occurredAt: string;
  title: string;
  actor?: { id?: string; name?: string };
  tags?: string[];
  details?: unknown;
  raw: { type: string; actor: { login: string }; repo: { name: string }; payload: unknown };
}

const lines = (text: string): FeedEvent[] =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as FeedEvent);

const eventkit = (args: string[]) => runAsync(root, process.execPath, ["packages/events/bin/eventkit.js", ...args]);
/** `pnpm generate` in the copy, through the copy's turbo cache. */
const generate = (args: string[]) => runAsync(root, "pnpm", ["generate", ...args], cache);

/** `turbo run build` in the copy, through the copy's turbo cache. */
const build = (filters: string[]) =>
  mustRunAsync(root, "node_modules/.bin/turbo", ["run", "build", ...filters, "--output-logs=errors-only"], cache);

beforeAll(async () => {
  root = await copyRepo();
  cache = seedCopyCache(root);
  // The workspace as built before the vendor comes: hits from the seeded cache (built here without
  // one). mock-server finds its vendors at run time (the client packages installed beside it), so
  // its build from before serves the new vendor once `pnpm generate` has installed it: the tests
  // below run it as it is, instead of rebuilding it with Prism's bundle (11 CPU-s) for nothing.
  await build(["--filter=@eventkit/mock-server"]);
  cpSync(FIXTURE, join(root, "specs", VENDOR), { recursive: true });
});

afterAll(() => removeTree(root));

describe("a sixth vendor, added by its spec folder and `pnpm generate <name>`", () => {
  it("generates the package and wires it into the packages that aggregate vendors, and nothing else", async () => {
    const result = await generate([VENDOR]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain("new vendor github: creating packages/github");
    expect(result.stderr).toContain("wiring: packages/events/package.json (dependencies): adds @eventkit/github");
    expect(result.stderr).toContain("wiring: packages/mock-server/package.json (dependencies): adds @eventkit/github");
    expect(result.stderr).toContain("wiring: packages/events: pnpm run registry");

    const changed = git(root, ["status", "--porcelain", "--untracked-files=normal"])
      .split("\n")
      .filter(Boolean)
      .map((l) => l.slice(3))
      .sort();
    expect(changed).toEqual([
      "packages/events/package.json",
      "packages/events/src/generated/vendors.ts",
      "packages/github/",
      "packages/mock-server/package.json",
      "pnpm-lock.yaml",
      "specs/github/",
    ]);
    const check = await generate(["--check"]);
    expect(check.status, check.stderr).toBe(0);
  });

  it("builds the client, and its types describe the events", async () => {
    // events needs every vendor's build, github's among them (its registry imports each client).
    // Through the copy's cache (seedCopyCache): the packages the new vendor leaves unchanged (the
    // runtime, the five clients) are hits, as on a developer's machine, github's validate and
    // generate are the previous test's, and what it changes (github, events) is built here; mock-server
    // is as built before the vendor came (beforeAll). Without a cache everything is built: slower,
    // the same result.
    await build(["--filter=@eventkit/events"]);
    // After the check of what generate changed: a caller's code, type-checked with the package.
    mkdirSync(join(root, "packages/github/test"), { recursive: true });
    writeFileSync(
      join(root, "packages/github/test/typed-items.ts"),
      [
        'import { createGithubClient, type GithubListEventsItem } from "../src/index.js";',
        "",
        "export async function describeFirst(baseUrl: string): Promise<string> {",
        '  const client = createGithubClient({ baseUrl, auth: { bearerAuth: "token" } });',
        "  const items: GithubListEventsItem[] = await client.listEvents({ params: { query: { per_page: 2 } } });",
        "  const event = items[0]!;",
        "  const login: string = event.actor.login;",
        "  const repo: string = event.repo.name;",
        "  const created: string | null = event.created_at;",
        "  // @ts-expect-error: a GitHub event has no title; the feed makes one from its type",
        "  void event.title;",
        "  return [login, repo, created, event.payload.action].join(' ');",
        "}",
        "",
      ].join("\n"),
    );
    await mustRunAsync(root, "pnpm", ["--filter", "@eventkit/github", "run", "typecheck"]);
  });

  it("is served by `eventkit-mock github`, and the generated client reads typed items from it", async () => {
    const child = spawn(process.execPath, ["packages/mock-server/bin/eventkit-mock.js", VENDOR], {
      cwd: root,
      env: cleanEnv({ NO_COLOR: "1" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          seen += chunk;
          const match = /^github\s+(http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(seen);
          if (match) resolve(match[1]!);
        });
        child.on("close", (code) => reject(new Error(`eventkit-mock ended (${code}) before printing a URL:\n${seen}`)));
      });
      const module = (await import(pathToFileURL(join(root, "packages/github/dist/index.js")).href)) as {
        createGithubClient: (options: object) => { listEvents(init?: object): Promise<unknown> };
      };
      const client = module.createGithubClient({ baseUrl: url, auth: { bearerAuth: "token" } });
      const items = (await client.listEvents({ params: { query: { per_page: 2 } } })) as FeedEvent["raw"][];
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        expect(typeof item.type).toBe("string");
        expect(typeof item.actor.login).toBe("string");
        expect(typeof item.repo.name).toBe("string");
      }
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("is in mock-server's contract and many-page scenario tests, which pass", async () => {
    const result = await runAsync(
      root,
      "pnpm",
      [
        "--filter",
        "@eventkit/mock-server",
        "exec",
        "vitest",
        "run",
        "test/contract.test.ts",
        "test/pagination.test.ts",
        "test/scenario.test.ts",
        "--reporter=verbose",
      ],
      { EVENTKIT_MOCK_VENDORS: VENDOR, NO_COLOR: "1" },
    );
    const output = stripVTControlCharacters(result.stdout);
    expect(result.status, `${output}\n${result.stderr}`).toBe(0);
    expect(output).toContain("github listEvents > lists every event once, in order, over at least 5 pages");
    expect(output).toContain("github > listEvents: generated data, seed 11");
    expect(output).toContain("github listEvents > serves events with unique ids and strictly decreasing times");
  });

  it("takes part in `eventkit events --mock`, merged newest first with the five", async () => {
    const all = await eventkit(["events", "--mock", "--format", "jsonl"]);
    expect(all.status, all.stderr).toBe(0);
    const events = lines(all.stdout);
    expect(new Set(events.map((e) => e.vendor))).toEqual(
      new Set(["capillary", "datadog", "github", "mem0", "opal", "trieve"]),
    );
    const times = events.map((e) => e.occurredAt);
    expect(times).toEqual([...times].sort().reverse());

    const only = await eventkit(["events", "--mock", "--format", "jsonl", "--vendor", VENDOR]);
    expect(only.status, only.stderr).toBe(0);
    const github = lines(only.stdout);
    expect(github.length).toBeGreaterThan(0);
    for (const event of github) {
      expect(event.vendor).toBe(VENDOR);
      // Its shape is not the five's: the title is the type, the actor and repository are nested, the payload is the detail.
      expect(event.type).toBe(event.raw.type);
      expect(event.title).toBe(event.raw.type);
      expect(event.actor?.name).toBe(event.raw.actor.login);
      expect(event.tags).toContain(`repo:${event.raw.repo.name}`);
      expect(event.details).toEqual(event.raw.payload);
    }
  });

  it("is removed symmetrically: a package without its spec folder is named; without both, generate unwires it", async () => {
    rmSync(join(root, "specs", VENDOR), { recursive: true });
    const orphaned = await generate([]);
    expect(orphaned.status).toBe(2);
    expect(orphaned.stderr).toContain(
      "error: packages/github (@eventkit/github) is generated from specs/github, which no longer exists",
    );
    rmSync(join(root, "packages", VENDOR), { recursive: true });
    const check = await generate(["--check"]);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain("packages/events/package.json: still lists @eventkit/github in dependencies");
    expect(check.stderr).toContain("packages/mock-server/package.json: still lists @eventkit/github in dependencies");

    const removed = await generate([]);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stderr).toContain("wiring: packages/events/package.json (dependencies): removes @eventkit/github");
    // Back to the repository as it was: the wiring and the registry. pnpm may settle a peer of an
    // unrelated package differently in the lockfile; nothing of the vendor is left in it.
    const left = git(root, ["status", "--porcelain"])
      .split("\n")
      .filter(Boolean)
      .map((l) => l.slice(3));
    expect(left.filter((f) => f !== "pnpm-lock.yaml")).toEqual([]);
    expect(readFileSync(join(root, "pnpm-lock.yaml"), "utf8")).not.toMatch(/github/);
  });
});
