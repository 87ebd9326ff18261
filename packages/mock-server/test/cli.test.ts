/** The built `eventkit-mock` binary, run as a user would: its table, its request log, Ctrl-C. */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  bin: Record<string, string>;
};
const BIN = fileURLToPath(new URL(`../${pkg.bin["eventkit-mock"]}`, import.meta.url));

interface Run {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const runs: Run[] = [];
afterEach(() => {
  for (const run of runs.splice(0))
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
});

const ESC = "\x1b";

function run(...args: string[]): Run {
  return runWith({ NO_COLOR: "1" }, ...args);
}

function runWith(colour: { NO_COLOR?: string; FORCE_COLOR?: string }, ...args: string[]): Run {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm --filter @eventkit/mock-server build`);
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const child = spawn(BIN, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...env, ...colour } });
  const result: Run = {
    child,
    stdout: "",
    stderr: "",
    exited: new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal }))),
  };
  child.stdout!.on("data", (chunk: Buffer) => (result.stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (result.stderr += chunk.toString()));
  runs.push(result);
  return result;
}

/** Resolves once the output holds `pattern`; fails if the process ends first. */
function waitFor(r: Run, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const match = r.stdout.match(pattern);
      if (match) {
        r.child.stdout!.off("data", check).off("end", ended);
        resolve(match);
      }
    };
    const ended = (): void =>
      reject(new Error(`eventkit-mock closed its output before printing ${pattern}:\n${r.stdout}\n${r.stderr}`));
    // Registered after run()'s own listener, so `r.stdout` already holds the chunk.
    r.child.stdout!.on("data", check).once("end", ended);
    check();
    if (r.child.stdout!.readableEnded) ended();
  });
}

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** The table's rows: vendor and URL(s) per line. */
function table(stdout: string): Record<string, string[]> {
  return Object.fromEntries(
    [...stdout.matchAll(/^(\S+)\s+(http:\/\/\S+)(?:\s+(http:\/\/\S+))?$/gm)].map((m) => [
      m[1]!,
      [m[2]!, ...(m[3] ? [m[3]] : [])],
    ]),
  );
}

describe("eventkit-mock", () => {
  it("prints a table, logs a request with its violations, and stops cleanly on Ctrl-C", async () => {
    const r = run("opal", "mem0");
    await waitFor(r, /Ctrl-C stops/);
    const rows = table(r.stdout);
    expect(Object.keys(rows)).toEqual(["opal", "mem0"]);
    const response = await fetch(`${rows.opal![0]}/events?page_size=5`, { headers: { Authorization: "Bearer test" } });
    expect(response.status).toBe(200);
    await waitFor(r, /opal\s+GET\s+\/events\?page_size=5 → 200 .* 0 violations/);
    r.child.kill("SIGINT");
    expect(await r.exited).toEqual({ code: 0, signal: null });
    expect(gone(r.child.pid!)).toBe(true);
  });

  it("colours the request log's status when asked (FORCE_COLOR), and a usage error's prefix", async () => {
    const r = runWith({ FORCE_COLOR: "1" }, "opal");
    await waitFor(r, /Ctrl-C stops/);
    const [url] = table(r.stdout).opal!;
    await fetch(`${url}/events?page_size=5`, { headers: { Authorization: "Bearer test" } });
    await fetch(`${url}/events?page_size=5`);
    // A colour code is ESC [ n m: built from the ESC character so the patterns hold no control character.
    await waitFor(r, new RegExp(`→ ${ESC}\\[32m200${ESC}\\[39m .* 0 violations`));
    await waitFor(r, new RegExp(`→ ${ESC}\\[33m401${ESC}\\[39m`));
    r.child.kill("SIGINT");
    expect((await r.exited).code).toBe(0);

    const bad = runWith({ FORCE_COLOR: "1" }, "no-such-vendor");
    expect((await bad.exited).code).toBe(2);
    expect(bad.stderr.startsWith(`${ESC}[31meventkit-mock:${ESC}[39m `), bad.stderr).toBe(true);
  });

  it("serves scenarios behind a validating proxy with --scenario", async () => {
    const r = run("mem0", "--scenario", "--events", "12", "--page-size", "5");
    await waitFor(r, /Ctrl-C stops/);
    const [url, upstream] = table(r.stdout).mem0!;
    expect(upstream).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = (await (await fetch(`${url}/v1/events/`, { headers: { Authorization: "Token test" } })).json()) as {
      results: unknown[];
      next: string;
    };
    expect(page.results).toHaveLength(5);
    expect(page.next.startsWith(`${url}/v1/events/?cursor=`)).toBe(true);
    await waitFor(r, /mem0\s+GET\s+\/v1\/events\/ → 200 /);
    r.child.kill("SIGTERM");
    expect((await r.exited).code).toBe(0);
  });

  it("mocks an installed client package by its name, and a package folder by its path", async () => {
    const folder = fileURLToPath(new URL("../../opal", import.meta.url));
    const r = run("@eventkit/opal", folder);
    await waitFor(r, /Ctrl-C stops/);
    // Both rows are the same vendor, opal: one found by package name, one by folder.
    const urls = [...r.stdout.matchAll(/^opal\s+(http:\/\/\S+)$/gm)].map((m) => m[1]!);
    expect(urls).toHaveLength(2);
    for (const url of urls) {
      const response = await fetch(`${url}/events?page_size=5`, { headers: { Authorization: "Bearer test" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("sl-violations")).toBeNull();
    }
    r.child.kill("SIGINT");
    expect((await r.exited).code).toBe(0);
  });

  it("replays a folder of cassettes with --replay, and names the nearest recordings for a request it lacks", async () => {
    const dir = fileURLToPath(new URL("../../../specs/datadog/recordings", import.meta.url));
    const r = run("datadog", "--replay", dir);
    await waitFor(r, /Ctrl-C stops/);
    expect(r.stdout).toContain(`replaying the cassettes in ${dir}`);
    const [url] = table(r.stdout).datadog!;
    const headers = { "DD-API-KEY": "k", "DD-APPLICATION-KEY": "a" };
    const hit = await fetch(`${url}/api/v2/events`, { headers });
    expect(hit.status).toBe(200);
    expect(await hit.json()).toEqual({ data: [] });
    const miss = await fetch(`${url}/api/v2/events?page%5Blimit%5D=7`, { headers });
    expect(miss.status).toBe(404);
    expect(((await miss.json()) as { message: string }).message).toMatch(
      /no recording for GET \/api\/v2\/events\?page%5Blimit%5D=7 .*nearest: ListEvents\.003\.har GET \/api\/v2\/events/,
    );
    await waitFor(r, /datadog\s+GET\s+\/api\/v2\/events\?page%5Blimit%5D=7 → 404/);
    r.child.kill("SIGINT");
    expect((await r.exited).code).toBe(0);
  });

  it("says which port is taken, exits 1 and leaves no process", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const r = run("opal", "--port", String(port));
      expect((await r.exited).code).toBe(1);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(gone(r.child.pid!)).toBe(true);
    } finally {
      holder.close();
    }
  });

  it("lists the known vendors when given an unknown one, a usage error (exit 2)", async () => {
    const r = run("acme");
    expect((await r.exited).code).toBe(2);
    expect(r.stderr).toMatch(/unknown vendor "acme": known vendors are \w+/);
  });

  it.each([
    [["--no-such-flag"], /unknown option '--no-such-flag'/],
    [["--port", "x"], /expected an integer from 0 to 65535/],
    [["opal", "--record", "cassettes"], /--record writes what a real API answers: give the API with --proxy <url>/],
    [["opal", "mem0", "--replay", "cassettes"], /--replay serves one vendor's cassettes/],
  ])("exits 2 on the usage error %j, as eventkit does", async (args, message) => {
    const r = run(...args);
    expect((await r.exited).code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("explains itself with --help", async () => {
    const r = run("--help");
    expect((await r.exited).code).toBe(0);
    expect(r.stdout).toContain("Usage: eventkit-mock [options] [vendor...]");
    expect(r.stdout).toContain("--scenario");
  });
});
