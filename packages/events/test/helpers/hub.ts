import { inject } from "vitest";
import { scenarioControl, type RemoteScenario, type RemoteScenarioOptions } from "@eventkit/mock-server/vitest";
import { createEventHub, type EventHub, type HubConfig, type VendorName } from "../../src/index.js";

export const DATASET_ID = "5b0f1c1e-8d7e-4a4e-9a53-0c1b6f1f2a11";

/** Dummy credentials: the scenarios check that each vendor's scheme is sent, not the values. */
export function vendorConfig(vendor: VendorName, url: string): Record<string, unknown> {
  switch (vendor) {
    case "mem0":
      return { baseUrl: url, auth: { ApiKeyAuth: "mem0-test-key" } };
    case "opal":
      return { baseUrl: url, auth: { BearerAuth: "opal-test-token" } };
    case "datadog":
      return { baseUrl: url, auth: { apiKeyAuth: "dd-api", appKeyAuth: "dd-app" } };
    case "trieve":
      return { baseUrl: url, auth: { ApiKey: "trieve-test-key" }, datasetId: DATASET_ID };
    case "capillary":
      return { baseUrl: url, auth: { basicAuth: { username: "till", password: "secret" } } };
  }
}

export function hubFor(
  urls: Partial<Record<VendorName, string>>,
  extra: Partial<HubConfig> & { datadogApi?: "v1" | "v2" | "both" } = {},
): EventHub {
  const { datadogApi, ...options } = extra;
  const config: Record<string, unknown> = { pageSize: 25, ...options };
  for (const [vendor, url] of Object.entries(urls) as [VendorName, string][]) {
    config[vendor] = {
      ...vendorConfig(vendor, url),
      ...(vendor === "datadog" && datadogApi ? { api: datadogApi } : {}),
      ...((options as Record<string, unknown>)[vendor] as object),
    };
  }
  return createEventHub(config as HubConfig);
}

/** The run's shared scenarios (120 events per listing, seed 11), by vendor. */
export function sharedScenarios(): Record<VendorName, { url: string; upstreamUrl: string; id: string }> {
  return inject("eventkitMocks").scenarios as Record<VendorName, { url: string; upstreamUrl: string; id: string }>;
}

export async function sharedScenario(vendor: VendorName): Promise<RemoteScenario> {
  return scenarioControl(inject("eventkitMocks").control).get(vendor);
}

/** A scenario of its own for a test that changes it (adds events, injects faults). */
export async function startScenario(options: RemoteScenarioOptions): Promise<RemoteScenario> {
  return scenarioControl(inject("eventkitMocks").control).start(options);
}
