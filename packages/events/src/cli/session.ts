import type { Command } from "commander";
import { ConfigurationError } from "@eventkit/runtime";
import { createEventHub, type EventHub } from "../hub.js";
import { VENDORS, type VendorName } from "../event.js";
import { parseDuration } from "../time.js";
import { nodeHttp } from "@eventkit/runtime/node";
import { withRequestDeadline } from "./request-deadline.js";
import { mockAnchor, mockEnvironment, startMocks, type RunningMocks } from "./mock.js";
import { UsageError } from "./usage.js";
import {
  environmentOf,
  parseVendorList,
  selectVendors,
  type VendorFlags,
  type VendorSelection,
} from "./vendor-options.js";

export interface Session {
  readonly hub: EventHub;
  readonly vendors: VendorName[];
  /** Aborted on Ctrl-C (and by the command when its output pipe closes). */
  readonly controller: AbortController;
  /** The mock world's anchor, with --mock. */
  readonly anchor?: number;
  close(): Promise<void>;
}

/** What a session needs, every flag already checked: nothing has started yet. */
export interface SessionPlan {
  readonly flags: VendorFlags;
  readonly selection: VendorSelection;
  readonly timeoutMs: number;
  /** With --mock: the vendors to mock. */
  readonly mock?: readonly VendorName[];
}

/**
 * Checks every vendor flag, before anything starts: a usage error found after the mocks were up
 * used to leave them running, and the process with them. Flags that --mock would silently ignore
 * (a base URL, credentials) are errors.
 */
export function planSession(flags: VendorFlags, timeoutMs: number): SessionPlan {
  if (!flags.mock) return { flags, selection: selectVendors(flags, environmentOf(flags, process.env)), timeoutMs };
  if (flags.baseUrl?.length)
    throw new UsageError("--mock and --base-url: the mocks serve every selected vendor themselves; leave one out");
  const credentialFlags = Object.keys(environmentOf(flags, {}));
  if (credentialFlags.length)
    throw new UsageError(`--mock uses dummy credentials: leave out the flags that set ${credentialFlags.join(", ")}`);
  const vendors = parseVendorList(flags.vendor) ?? [...VENDORS];
  const placeholders = Object.fromEntries(vendors.map((v) => [v, "http://127.0.0.1:9/"]));
  return { flags, selection: selectVendors(flags, mockEnvironment(vendors), placeholders), timeoutMs, mock: vendors };
}

/**
 * What both commands set up: the vendors (real, or mocks started here) and the hub over them, with
 * the interrupt and a per-request deadline wired in.
 */
export async function openSession(
  plan: SessionPlan,
  stderr: NodeJS.WritableStream,
  interrupt: AbortSignal,
  options: { mockAnchor?: number } = {},
): Promise<Session> {
  const { flags } = plan;
  let mocks: RunningMocks | undefined;
  let anchor: number | undefined;
  let selection = plan.selection;
  if (plan.mock) {
    anchor = options.mockAnchor ?? mockAnchor(Date.now());
    // Starting Prism takes seconds: say so, so that the wait is explained (and Ctrl-C may come now).
    if (!flags.quiet) stderr.write(`mock: starting ${plan.mock.join(", ")}\n`);
    mocks = await startMocks(plan.mock, anchor, interrupt);
    for (const vendor of plan.mock) if (!flags.quiet) stderr.write(`mock: ${vendor} at ${mocks.urls[vendor]}\n`);
    selection = selectVendors(flags, mocks.env, mocks.urls);
  } else {
    for (const { vendor, missing } of selection.skipped)
      if (!flags.quiet) stderr.write(`note: ${vendor} skipped: ${missing.join(" and ")} not set\n`);
  }

  let hub: EventHub;
  try {
    hub = createEventHub(withDeadline(selection, plan.timeoutMs));
  } catch (error) {
    await mocks?.close();
    if (error instanceof ConfigurationError) throw new UsageError(error.message);
    throw error;
  }

  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort(interrupt.reason);
  if (interrupt.aborted) onInterrupt();
  else interrupt.addEventListener("abort", onInterrupt, { once: true });
  return {
    hub,
    vendors: selection.vendors,
    controller,
    ...(anchor !== undefined ? { anchor } : {}),
    close: async () => {
      interrupt.removeEventListener("abort", onInterrupt);
      await mocks?.close();
    },
  };
}

/**
 * Every vendor's client gets the --timeout per attempt, and sends its requests with node:http (what
 * the hub uses by default) wrapped in a deadline that enforces it on the whole response.
 */
function withDeadline(selection: VendorSelection, timeoutMs: number): VendorSelection["config"] {
  const config: Record<string, unknown> = { ...selection.config };
  const exchange = withRequestDeadline(timeoutMs, nodeHttp);
  for (const vendor of selection.vendors) config[vendor] = { ...(config[vendor] as object), timeoutMs, exchange };
  return config as VendorSelection["config"];
}

export const DEFAULT_TIMEOUT = "30s";

/** Flags of both commands that are about running a session rather than choosing vendors. */
export function addSessionOptions(command: Command): Command {
  return command.option(
    "--timeout <duration>",
    "deadline per request to a vendor, the whole response included (retried twice for reads)",
    DEFAULT_TIMEOUT,
  );
}

export function parseTimeout(value: string): number {
  const ms = parseDuration(value);
  // Timers overflow past 2^31 ms (they would fire at once): a day is more than any response needs.
  if (ms === undefined || ms < 1 || ms > 86_400_000)
    throw new UsageError(`--timeout must be a duration from 1ms to 1d, such as 30s or 2m (got "${value}")`);
  return ms;
}
