/** The real binary, spawned: flags, exit codes, formats, credentials, and what it prints where. */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Event, newestFirst, VENDORS } from "../src/index.js";
import {
  baseEnv,
  baseUrlArgs,
  CLI,
  cliTimeout,
  parseLines,
  runCli,
  SECRETS,
  sharedUrls,
  startCli,
} from "./helpers/cli.js";
import { sharedScenario } from "./helpers/hub.js";
import { closedPortUrl, type LocalServer, sendJson, startLocalServer } from "./helpers/local-server.js";

const SHARED_WINDOW = ["--since", "2024-12-01", "--until", "2025-02-01"];

function expectNoSecrets(...outputs: string[]): void {
  for (const output of outputs)
    for (const [name, value] of Object.entries(SECRETS))
      if (name !== "TRIEVE_DATASET_ID" && name !== "CAPILLARY_USERNAME") expect(output).not.toContain(value);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "eventkit-cli-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("usage", { timeout: cliTimeout(1) }, () => {
  it.each([
    [
      ["--help"],
      ["events", "sync", "MEM0_API_KEY", "DD_API_KEY DD_APP_KEY [DD_SITE]", "TRIEVE_DATASET_ID", "CAPILLARY_USERNAME"],
    ],
    [
      ["events", "--help"],
      [
        "--since <when>",
        "--until <when>",
        "--vendor <names>",
        "--type <types>",
        "--format <format>",
        "--mock",
        "--dd-api-key",
      ],
    ],
    [
      ["sync", "--help"],
      ["--state <file>", "--out <file>", "--overlap <duration>", "--mock"],
    ],
  ])("%j prints help and exits 0", async (args, wanted) => {
    const { code, stdout } = await runCli(args);
    expect(code).toBe(0);
    for (const text of wanted) expect(stdout).toContain(text);
  });

  it("help piped into a reader that stops early (`eventkit --help | true`) exits 0 quietly", async () => {
    const { spawnSync } = await import("node:child_process");
    const run = spawnSync(
      "bash",
      ["-c", `"${process.execPath}" "${CLI}" events --help | true; echo "status=\${PIPESTATUS[0]}"`],
      { encoding: "utf8", env: baseEnv() },
    );
    expect(run.stdout.trim()).toBe("status=0");
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled/);
  });

  it.each([
    [[], /Usage: eventkit/],
    [["events", "--frobnicate"], /unknown option/],
    [["events", "--mock", "--format", "xml"], /--format must be one of table, jsonl, json/],
    [["events", "--mock", "--since", "tomorrow"], /--since: "tomorrow" is neither a duration/],
    [["events", "--mock", "--vendor", "opal,slack"], /unknown vendor "slack"/],
    [["sync", "--mock"], /required option '--state <file>'/],
    [["sync", "--mock", "--state", "s.json", "--overlap", "soon"], /--overlap must be a duration/],
    // Found after the mocks had started, these used to print their message and hang.
    [["events", "--mock", "--page-size", "0"], /--page-size must be a whole number ≥ 1/],
    [["events", "--mock", "--datadog-api", "v3"], /--datadog-api must be v2, v1 or both \(got "v3"\)/],
    [["sync", "--mock", "--state", "s.json", "--page-size", "-1"], /--page-size must be a whole number ≥ 1/],
    // --mock used to ignore these silently.
    [["events", "--mock", "--base-url", "opal=not a url"], /--mock and --base-url/],
    [["events", "--mock", "--base-url", "opal=http://127.0.0.1:9"], /--mock and --base-url/],
    [
      ["events", "--mock", "--opal-api-token", "t"],
      /--mock uses dummy credentials: leave out the flags that set OPAL_API_TOKEN/,
    ],
    [["events", "--mock", "--timeout", "0"], /--timeout must be a duration/],
    [["events", "--mock", "--since", "2999-01-01"], /--since 2999-01-01T00:00:00.000Z is in the future/],
    [
      ["sync", "--mock", "--state", "s.json", "--since", "2999-01-01"],
      /--since 2999-01-01T00:00:00.000Z is in the future/,
    ],
    [["sync", "--mock", "--state", "s.json", "--out", "s.json.lock"], /must not name eventkit's own files/],
  ])("%j is a usage error: exit 2", async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain("mock: ");
  });

  it("without credentials or --mock: exit 2, naming each vendor's variables", async () => {
    const { code, stderr } = await runCli(["events"]);
    expect(code).toBe(2);
    for (const name of [
      "MEM0_API_KEY",
      "OPAL_API_TOKEN",
      "DD_API_KEY",
      "DD_APP_KEY",
      "TRIEVE_API_KEY",
      "TRIEVE_DATASET_ID",
      "CAPILLARY_USERNAME",
      "CAPILLARY_PASSWORD",
      "--mock",
    ])
      expect(stderr).toContain(name);
  });

  it("a vendor with only some of its variables is named with what it lacks", async () => {
    const { code, stderr } = await runCli(["events"], baseEnv({ DD_API_KEY: SECRETS.DD_API_KEY }));
    expect(code).toBe(2);
    expect(stderr).toContain("datadog has some of its variables, but not DD_APP_KEY");
    expectNoSecrets(stderr);
  });

  it("a vendor asked for without all its variables: exit 2, naming the missing one", async () => {
    const { code, stderr } = await runCli(
      ["events", "--vendor", "datadog"],
      baseEnv({ DD_API_KEY: SECRETS.DD_API_KEY }),
    );
    expect(code).toBe(2);
    expect(stderr).toContain("datadog needs DD_APP_KEY");
    expectNoSecrets(stderr);
  });
});

// At most three runs per test.
describe("events", { timeout: cliTimeout(3) }, () => {
  it("--mock lists every vendor from local mocks, with no credentials at all", async () => {
    const { code, stdout, stderr } = await runCli(["events", "--mock", "--format", "jsonl"]);
    expect(code).toBe(0);
    const events = parseLines(stdout);
    expect(new Set(events.map((e) => e.vendor))).toEqual(new Set(VENDORS));
    for (let i = 1; i < events.length; i++) expect(newestFirst(events[i - 1]!, events[i]!)).toBeLessThanOrEqual(0);
    expect(stderr).toMatch(/mock: opal at http:\/\/127\.0\.0\.1:\d+/);
    expect(stderr).toMatch(/^opal\s+ok\s+\d+/m);
  });

  it("the table fits 80 columns", async () => {
    const { code, stdout } = await runCli(["events", "--mock", "--vendor", "opal,datadog"]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TIME \(UTC\)\s+VENDOR\s+STATUS\s+TYPE\s+TITLE$/);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (opal|datadog)/);
  });

  it("reads credentials from the environment and lists the window as JSON", async () => {
    const env = baseEnv({ ...SECRETS });
    const { code, stdout, stderr } = await runCli(
      ["events", "--format", "json", ...SHARED_WINDOW, ...baseUrlArgs(sharedUrls())],
      env,
    );
    expect(code).toBe(0);
    const events = JSON.parse(stdout) as Event[];
    for (const vendor of VENDORS)
      expect(events.filter((e) => e.vendor === vendor)).toHaveLength(
        (await (await sharedScenario(vendor)).events()).length,
      );
    expectNoSecrets(stdout, stderr);
  });

  it("--type and --limit", async () => {
    const env = baseEnv({ ...SECRETS });
    const all = parseLines(
      (
        await runCli(
          ["events", "--format", "jsonl", "--vendor", "opal", ...SHARED_WINDOW, ...baseUrlArgs(sharedUrls())],
          env,
        )
      ).stdout,
    );
    const type = all[3]!.type;
    const typed = parseLines(
      (
        await runCli(
          [
            "events",
            "--format",
            "jsonl",
            "--vendor",
            "opal",
            "--type",
            type,
            ...SHARED_WINDOW,
            ...baseUrlArgs(sharedUrls()),
          ],
          env,
        )
      ).stdout,
    );
    expect(typed.map((e) => e.id)).toEqual(all.filter((e) => e.type === type).map((e) => e.id));
    const limited = parseLines(
      (
        await runCli(
          [
            "events",
            "--format",
            "jsonl",
            "--vendor",
            "opal",
            "--limit",
            "5",
            ...SHARED_WINDOW,
            ...baseUrlArgs(sharedUrls()),
          ],
          env,
        )
      ).stdout,
    );
    expect(limited.map((e) => e.id)).toEqual(all.slice(0, 5).map((e) => e.id));
  });

  describe("when some vendors fail", () => {
    let refusing: LocalServer;
    beforeAll(async () => {
      // Echoes the credentials it was sent in its error body, as some servers do.
      refusing = await startLocalServer((req, res) =>
        sendJson(res, 403, {
          errors: [`key ${req.headers["dd-api-key"]} / ${req.headers["dd-application-key"]} refused`],
        }),
      );
    });
    afterAll(() => refusing.close());

    it("lists the others, summarises per vendor, exits 3, and prints no credential", async () => {
      const urls = { ...sharedUrls(), datadog: refusing.url, capillary: await closedPortUrl() };
      const { code, stdout, stderr } = await runCli(
        ["events", "--format", "jsonl", ...SHARED_WINDOW, ...baseUrlArgs(urls)],
        baseEnv({ ...SECRETS }),
      );
      expect(code).toBe(3);
      const events = parseLines(stdout);
      expect(new Set(events.map((e) => e.vendor))).toEqual(new Set(["mem0", "opal", "trieve"]));
      expect(stderr).toMatch(/^datadog\s+failed/m);
      expect(stderr).toMatch(/^capillary\s+failed/m);
      expect(stderr).toMatch(/^opal\s+ok/m);
      expect(stderr).toContain("PermissionDeniedError");
      expect(stderr).toContain("ConnectionError");
      expectNoSecrets(stdout, stderr);
    });
  });

  it("stops quietly when the reader closes the pipe", async () => {
    const { child, done } = startCli(["events", "--mock", "--format", "jsonl"], baseEnv());
    child.stdout!.once("data", () => child.stdout!.destroy());
    const { code } = await done;
    expect(code).toBe(0);
  });
});

describe("sync", { timeout: cliTimeout(3) }, () => {
  it("--mock twice: the second run finds nothing new", async () => {
    const state = join(dir, "mock-state.json");
    const out = join(dir, "mock-events.jsonl");
    const first = await runCli(["sync", "--mock", "--state", state, "--out", out]);
    expect(first.code).toBe(0);
    const lines = parseLines(await readFile(out, "utf8"));
    expect(lines).toHaveLength(5 * 30);
    const second = await runCli(["sync", "--mock", "--state", state, "--out", out]);
    expect(second.code).toBe(0);
    expect(parseLines(await readFile(out, "utf8"))).toEqual(lines);
    expect(second.stderr).toMatch(/^opal\s+ok.*\b0 new$/m);
  });

  it("cuts back what an interrupted run appended after its last saved state, and delivers it again once", async () => {
    const state = join(dir, "recover-state.json");
    const out = join(dir, "recover-events.jsonl");
    const args = [
      "sync",
      "--vendor",
      "opal",
      "--since",
      "2024-01-01",
      "--state",
      state,
      "--out",
      out,
      ...baseUrlArgs(sharedUrls()),
    ];
    const env = baseEnv({ ...SECRETS });
    expect((await runCli(args, env)).code).toBe(0);
    const delivered = await readFile(out, "utf8");
    expect(parseLines(delivered)).toHaveLength(120);

    // As if the last run had been killed after appending the events from 11:55 on (and half a
    // line), before writing its state: the saved state still says where the file ended before,
    // and the append it was making.
    const saved = JSON.parse(await readFile(state, "utf8"));
    saved.vendors.opal.checkpoint = "2024-12-31T12:00:00.000Z";
    saved.vendors.opal.seen = [];
    const lines = delivered.split("\n").filter(Boolean);
    const before = lines.filter((l) => (JSON.parse(l) as Event).occurredAt < "2024-12-31T11:55:00.000Z");
    const after = lines.filter((l) => (JSON.parse(l) as Event).occurredAt >= "2024-12-31T11:55:00.000Z");
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    saved.out.bytes = Buffer.byteLength(`${before.join("\n")}\n`);
    const appended = `${after.join("\n")}\n{"vendor":"opal","id":"half-writ`;
    saved.out.pending = Buffer.byteLength(appended) + 100;
    await writeFile(state, JSON.stringify(saved));
    await writeFile(out, `${before.join("\n")}\n${appended}`);

    const resumed = await runCli(args, env);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain("recovered: removed");
    const ids = parseLines(await readFile(out, "utf8")).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      parseLines(delivered)
        .map((e) => e.id)
        .sort(),
    );
  });

  it("a state file that is not one: exit 2", async () => {
    const state = join(dir, "bad-state.json");
    await writeFile(state, "{ not json");
    const { code, stderr } = await runCli(["sync", "--mock", "--state", state]);
    expect(code).toBe(2);
    expect(stderr).toContain("not JSON");
  });
});
