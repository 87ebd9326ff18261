#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { MockServerError } from "./errors.js";
import { startMocks, type MockExchange, type MockTarget } from "./mock.js";
import { formatExchange, formatTable } from "./request-log.js";
import { paintFor } from "@eventkit/runtime/terminal";
import { startScenarios } from "./scenario.js";
import { knownVendors } from "./specs.js";

interface CliOptions {
  dynamic?: boolean;
  seed?: number;
  proxy?: string;
  record?: string;
  replay?: string;
  port?: number;
  host: string;
  scenario?: boolean;
  events?: number;
  pageSize?: number;
  validateRequest: boolean;
  list?: boolean;
}

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

const program = new Command()
  .name("eventkit-mock")
  .description(
    "Serve eventkit's vendor specs with Prism: example or generated responses, or validated scenarios with many pages of events.",
  )
  .version(version)
  .argument(
    "[vendor...]",
    "vendors to serve (default: every installed one): a name (opal), an installed client package (@eventkit/opal), or a path to an OpenAPI file or a package folder",
  )
  .option("--dynamic", "generate responses from the schemas instead of the examples")
  .option("--seed <n>", "seed for generated data: the same seed gives the same data (implies --dynamic)", integer(0))
  .option("--proxy <url>", "proxy mode: forward to this upstream and validate its responses (one vendor)")
  .option(
    "--record <dir>",
    "with --proxy: write each exchange, credentials redacted, to a HAR cassette in <dir>, Prism's violations beside it",
  )
  .option("--replay <dir>", "serve the cassettes in <dir> (one vendor) through Prism's validating proxy")
  .option(
    "--port <n>",
    "port of the first server; the next take the following ports (default: free ports)",
    integer(0, 65535),
  )
  .option("--host <host>", "address to listen on", "127.0.0.1")
  .option("--scenario", "serve synthetic events over many pages, through Prism validating every response")
  .option("--events <n>", "events per listing with --scenario (default 50)", integer(0))
  .option("--page-size <n>", "items per page with --scenario when the request does not say", integer(1))
  .option("--no-validate-request", "do not check requests against the spec")
  .option("--list", "list the vendors and exit")
  .addHelpText(
    "after",
    `
Examples:
  eventkit-mock                      every vendor, answering with the spec's examples
  eventkit-mock opal --port 4010     one vendor on a fixed port
  eventkit-mock --dynamic --seed 7   generated data, the same on every run
  eventkit-mock --scenario mem0      50 events over pages: try  curl -H 'Authorization: Token x' <url>/v1/events/
  eventkit-mock opal --proxy https://api.opal.dev/v1   validate the real API's responses
  eventkit-mock opal --proxy https://api.opal.dev/v1 --record cassettes/opal   and record them
  eventkit-mock opal --replay specs/opal/recordings    serve recorded exchanges again

Each request is logged with its status and the number of spec violations Prism found
(also sent to the client in the sl-violations header). Ctrl-C stops.`,
  );

async function main(args: string[], options: CliOptions): Promise<void> {
  if (options.list) {
    console.log(knownVendors().join("\n"));
    return;
  }
  const targets: MockTarget[] = (args.length ? args : knownVendors()).map((arg) =>
    isPath(arg) ? { spec: arg } : { vendor: arg },
  );
  if (options.proxy !== undefined && targets.length !== 1)
    throw new MockServerError("INVALID_OPTIONS", "--proxy forwards to one upstream: name exactly one vendor");
  if (options.replay !== undefined && targets.length !== 1)
    throw new MockServerError("INVALID_OPTIONS", "--replay serves one vendor's cassettes: name exactly one vendor");
  if (
    options.scenario &&
    (options.proxy !== undefined || options.replay !== undefined || targets.some((t) => "spec" in t))
  ) {
    throw new MockServerError(
      "INVALID_OPTIONS",
      "--scenario serves vendors of this package: it takes neither --proxy nor spec files",
    );
  }
  const names = targets.map((t) => ("vendor" in t ? t.vendor : String(t.spec)));
  const width = Math.max(...names.map((n) => n.length));
  const paint = paintFor(process.stdout);
  const onRequest = (exchange: MockExchange): void => console.log(formatExchange(exchange, width, new Date(), paint));

  let servers: { close(): Promise<void> }[];
  let table: string;
  let mode: string;
  if (options.scenario) {
    const scenarios = await startScenarios(names, {
      port: options.port,
      host: options.host,
      seed: options.seed,
      events: options.events,
      pageSize: options.pageSize,
      onRequest,
    });
    servers = scenarios;
    mode = `scenarios: ${options.events ?? 50} events per listing, seed ${options.seed ?? 1}, every response validated`;
    table = formatTable(
      ["vendor", "url", "upstream (unvalidated)"],
      scenarios.map((s) => [s.vendor, s.url, s.upstreamUrl]),
    );
  } else {
    const mocks = await startMocks(targets, {
      dynamic: options.dynamic,
      seed: options.seed,
      proxy: options.proxy,
      record: options.record,
      replay: options.replay,
      port: options.port,
      host: options.host,
      validateRequest: options.validateRequest,
      onRequest,
    });
    servers = mocks;
    mode = options.replay
      ? `replaying the cassettes in ${options.replay}`
      : options.proxy
        ? `proxy to ${options.proxy}${options.record ? `, recording redacted cassettes to ${options.record}` : ""}`
        : options.dynamic || options.seed !== undefined
          ? `generated data${options.seed !== undefined ? `, seed ${options.seed}` : ""}`
          : "the specs' examples";
    table = formatTable(
      ["vendor", "url"],
      mocks.map((m, i) => [m.vendor ?? names[i]!, m.url]),
    );
  }
  console.log(
    `eventkit-mock ${version}: ${servers.length} Prism server${servers.length === 1 ? "" : "s"} (${mode})\n\n${table}\n\nLogging requests; Ctrl-C stops.`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    Promise.all(servers.map((s) => s.close())).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`eventkit-mock: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** Exit status as `eventkit`'s: 2 for a usage error (a bad flag, an unknown vendor), 1 for a failure to serve. */
const USAGE_CODES = new Set(["INVALID_OPTIONS", "UNKNOWN_VENDOR"]);

program.exitOverride().action(async (args: string[], options: CliOptions) => {
  try {
    await main(args, options);
  } catch (error) {
    console.error(
      `${paintFor(process.stderr)("red", "eventkit-mock:")} ${error instanceof MockServerError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(error instanceof MockServerError && USAGE_CODES.has(error.code) ? 2 : 1);
  }
});

try {
  await program.parseAsync();
} catch (error) {
  // Commander has printed the message; help and --version end well, anything else is a usage error.
  if (!(error instanceof CommanderError)) throw error;
  process.exit(
    error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0 ? 0 : 2,
  );
}

/** `@scope/name` and bare names are packages; anything else with a slash, or a document's extension, is a path. */
function isPath(arg: string): boolean {
  if (/^@[^/\\]+\/[^/\\]+$/.test(arg)) return false;
  return /[\\/]|\.(ya?ml|json)$/i.test(arg);
}
