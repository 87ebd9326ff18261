import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Event, VENDORS, type VendorName } from "../../src/index.js";
import { DATASET_ID, sharedScenarios } from "./hub.js";
import { type LocalServer, startLocalServer } from "./local-server.js";

export const CLI = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "cli.js");

/**
 * The time limit of a test that runs the CLI `runs` times. Each run is a new node process that loads
 * the clients (and Prism, with --mock): seconds on an idle machine, a minute or more on a busy one.
 * The limit only catches a hang; nothing waits for it.
 */
export function cliTimeout(runs: number): number {
  return runs * 300_000;
}

/** Distinctive values, so that a test can tell if one was ever printed. */
export const SECRETS = {
  MEM0_API_KEY: "sekret-mem0-4f1a",
  OPAL_API_TOKEN: "sekret-opal-9b2c",
  DD_API_KEY: "sekret-ddapi-77d0",
  DD_APP_KEY: "sekret-ddapp-5e3b",
  TRIEVE_API_KEY: "sekret-trieve-1c8e",
  TRIEVE_DATASET_ID: DATASET_ID,
  CAPILLARY_USERNAME: "till-user",
  CAPILLARY_PASSWORD: "sekret-capillary-2a6f",
} as const;

/** The machine's environment without any vendor variable: each test says which it sets. */
export function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ["PATH", "HOME", "TMPDIR", "SYSTEMROOT"]) if (process.env[key]) env[key] = process.env[key];
  return { ...env, ...extra };
}

export function baseUrlArgs(urls: Partial<Record<VendorName, string>>): string[] {
  return Object.entries(urls).flatMap(([vendor, url]) => ["--base-url", `${vendor}=${url}`]);
}

/** The run's shared scenarios' URLs, by vendor, for `baseUrlArgs`. */
export function sharedUrls(): Record<VendorName, string> {
  return Object.fromEntries(VENDORS.map((v) => [v, sharedScenarios()[v].url])) as Record<VendorName, string>;
}

/** The events of `--format jsonl` output (or a sync output file), one per line. */
export function parseLines(text: string): Event[] {
  return text
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Event);
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  as: { uid?: number; gid?: number } = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"], ...as });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = baseEnv()): Promise<CliResult> {
  return startCli(args, env).done;
}

/** Resolves when the child's stream has printed something matching `pattern` (or rejects if it ends first). */
export function printed(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer | string): void => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        stream.off("data", onData);
        resolve();
      }
    };
    stream.on("data", onData);
    stream.once("end", () => reject(new Error(`ended without printing ${pattern}: ${seen}`)));
  });
}

/** A vendor server that answers with headers and the start of a body, then stalls; `arrived` resolves at the first request. */
export async function startStallingServer(): Promise<LocalServer & { arrived: Promise<void> }> {
  let arrive: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const server = await startLocalServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"data": [');
    arrive();
  });
  return Object.assign(server, { arrived });
}
