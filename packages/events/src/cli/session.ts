import { ConfigurationError } from "@eventkit/runtime";
import { createEventHub, type EventHub } from "../hub.js";
import { VENDORS, type VendorName } from "../event.js";
import { mockAnchor, startMocks, type RunningMocks } from "./mock.js";
import { UsageError } from "./usage.js";
import { environmentOf, parseVendorList, selectVendors, type VendorFlags } from "./vendor-options.js";

export interface Session {
  readonly hub: EventHub;
  readonly vendors: VendorName[];
  /** Aborted on Ctrl-C (and by the command when its output pipe closes). */
  readonly controller: AbortController;
  readonly interrupted: () => boolean;
  close(): Promise<void>;
}

/**
 * What both commands set up: the vendors (real, or mocks started here), the hub over them, and
 * Ctrl-C turned into an abort so that mocks are closed and no state is written half-way.
 */
export async function openSession(flags: VendorFlags, stderr: NodeJS.WriteStream, options: { mockAnchor?: number } = {}): Promise<Session & { anchor?: number }> {
  let mocks: RunningMocks | undefined;
  let anchor: number | undefined;
  let selection;
  if (flags.mock) {
    const requested = parseVendorList(flags.vendor) ?? [...VENDORS];
    anchor = options.mockAnchor ?? mockAnchor(Date.now());
    mocks = await startMocks(requested, anchor);
    for (const vendor of requested) if (!flags.quiet) stderr.write(`mock: ${vendor} at ${mocks.urls[vendor]}\n`);
    selection = selectVendors(flags, mocks.env, mocks.urls);
  } else {
    selection = selectVendors(flags, environmentOf(flags, process.env));
    for (const { vendor, missing } of selection.skipped) if (!flags.quiet) stderr.write(`note: ${vendor} skipped: ${missing.join(" and ")} not set\n`);
  }

  let hub: EventHub;
  try {
    hub = createEventHub(selection.config);
  } catch (error) {
    await mocks?.close();
    if (error instanceof ConfigurationError) throw new UsageError(error.message);
    throw error;
  }

  const controller = new AbortController();
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    controller.abort(new DOMException("interrupted", "AbortError"));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    hub,
    vendors: selection.vendors,
    controller,
    interrupted: () => interrupted,
    ...(anchor !== undefined ? { anchor } : {}),
    close: async () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await mocks?.close();
    },
  };
}
