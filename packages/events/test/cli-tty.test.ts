/**
 * `eventkit events` on a terminal: stdout and stderr share one screen, through a real
 * pseudo-terminal (util-linux `script`), as a user sees them.
 */
import { spawn, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, CLI, cliTimeout, SECRETS } from "./helpers/cli.js";
import { sharedScenario } from "./helpers/hub.js";
import { type LocalServer, startLocalServer } from "./helpers/local-server.js";

const hasScript = spawnSync("script", ["--version"]).status === 0;
const quote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;
const ROW = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d opal /;

/** What a terminal shows: `\r` returns to the line's start, `ESC[2K` erases the line. */
function screen(output: string): string[] {
  return output.split("\n").map((line) => {
    let shown = "";
    for (const [i, part] of line.split("\r").entries()) {
      const erased = part.startsWith("\x1b[2K");
      const text = erased ? part.slice(4) : part;
      shown = i === 0 ? text : erased ? text : text + shown.slice(text.length);
    }
    return shown;
  });
}

let gate: () => void = () => undefined;
const opened = new Promise<void>((resolve) => (gate = resolve));
let vendor: LocalServer;

beforeAll(async () => {
  // Opal's first page is held back until the progress line is on the screen, so the first row
  // always arrives after it: the order that glued them together.
  const upstream = (await sharedScenario("opal")).url;
  vendor = await startLocalServer(async (req, res) => {
    await opened;
    const answer = await fetch(`${upstream}${req.url}`, {
      headers: { authorization: String(req.headers.authorization ?? "") },
    });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
});
afterAll(() => vendor?.close());

/** Runs `eventkit events` for Opal on a 120-column pseudo-terminal; what the terminal received. */
async function onTerminal(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const command = [
    process.execPath,
    CLI,
    "events",
    "--vendor",
    "opal",
    "--base-url",
    `opal=${vendor.url}`,
    "--since",
    "2024-12-01",
    "--until",
    "2025-02-01",
  ]
    .map(quote)
    .join(" ");
  const child = spawn("script", ["-qec", `stty cols 120 rows 40; exec ${command}`, "/dev/null"], {
    env: baseEnv({ OPAL_API_TOKEN: SECRETS.OPAL_API_TOKEN, TERM: "xterm-256color", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    if (/opal \d+p/.test(output)) gate();
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, output: output.replace(/\r\n/g, "\n") };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes looked for.
const SGR = /\x1b\[[0-9;]*m/g;

describe.runIf(hasScript)("on a terminal", { timeout: cliTimeout(1) }, () => {
  it("the progress line is cleared before the first table row, and NO_COLOR output has no colour", async () => {
    const { code, output } = await onTerminal({ NO_COLOR: "1" });
    expect(code, output).toBe(0);

    const lines = screen(output);
    const rows = lines.filter((l) => /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d opal /.test(l));
    expect(rows.length, output).toBeGreaterThan(0);
    // A row glued to the progress line would read "opal 0p2024-…" on the screen.
    for (const row of rows) expect(row).toMatch(ROW);
    expect(lines.some((l) => /^TIME \(UTC\)/.test(l))).toBe(true);
    expect(
      lines.some((l) => /^opal\s+ok\s/.test(l)),
      output,
    ).toBe(true);
    expect(output).not.toMatch(SGR);
  });

  it("without NO_COLOR the statuses are coloured, and the columns still line up", async () => {
    const { code, output } = await onTerminal({});
    expect(code, output).toBe(0);
    // The summary's "ok" in green; the header in bold.
    expect(output).toContain("\x1b[32mok\x1b[39m");
    expect(output).toContain("\x1b[1mTIME (UTC)");
    const lines = screen(output.replace(SGR, ""));
    const rows = lines.filter((l) => /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d opal /.test(l));
    expect(rows.length, output).toBeGreaterThan(0);
    // Opal's events carry no status: "unknown" stays uncoloured, in its padded column.
    for (const row of rows) expect(row).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d opal {6}\S+ +\S/);
  });
});
