/// <reference types="vitest" preserve="true" />
/**
 * A vitest `globalSetup`: starts a Prism mock and a validated scenario for every vendor once per
 * test run, in vitest's main process, and provides their URLs to the tests:
 *
 *   // vitest.config.ts: test: { globalSetup: ["@eventkit/mock-server/vitest"] }
 *   const { mocks, scenarios } = inject("eventkitMocks");
 */
import { startControl } from "./control.js";
import { startMocks } from "./mock.js";
import type { RemoteScenarioOptions } from "./remote.js";
import { startScenarios } from "./scenario.js";
import { knownVendors } from "./specs.js";

export interface EventkitMocks {
  readonly vendors: readonly string[];
  /** Prism serving the spec's examples (send `Prefer: dynamic=true, seed=N` for generated data). */
  readonly mocks: Readonly<Record<string, string>>;
  /** Prism generating responses from the schemas with the setup's seed. */
  readonly dynamic: Readonly<Record<string, string>>;
  /** The default scenario of each vendor, registered with the control API under the vendor's name. */
  readonly scenarios: Readonly<
    Record<string, { readonly id: string; readonly url: string; readonly upstreamUrl: string }>
  >;
  /** The scenario control API: `scenarioControl(control)` starts more scenarios with other options. */
  readonly control: string;
  readonly seed: number;
}

declare module "vitest" {
  interface ProvidedContext {
    eventkitMocks: EventkitMocks;
  }
}

export interface GlobalSetupOptions {
  /** Default: every vendor this package has a spec for. */
  readonly vendors?: readonly string[];
  /** Seed of the dynamic mocks (default 1). */
  readonly seed?: number;
  /** Options of the default scenarios. */
  readonly scenario?: Omit<RemoteScenarioOptions, "vendor">;
}

interface Project {
  provide(key: "eventkitMocks", value: EventkitMocks): void;
}

export function createGlobalSetup(
  options: GlobalSetupOptions = {},
): (project: Project) => Promise<() => Promise<void>> {
  return async (project) => {
    const vendors = options.vendors ?? knownVendors();
    const seed = options.seed ?? 1;
    const control = await startControl();
    const started: { close(): Promise<void> }[] = [control];
    const teardown = async (): Promise<void> => {
      await Promise.all(started.map((s) => s.close()));
    };
    try {
      const targets = vendors.map((vendor) => ({ vendor }));
      const [mocks, dynamic, scenarios] = await Promise.all([
        startMocks(targets),
        startMocks(targets, { dynamic: true, seed }),
        startScenarios(vendors, options.scenario),
      ]);
      started.push(...mocks, ...dynamic);
      for (const scenario of scenarios) control.register(scenario.vendor, scenario);
      project.provide("eventkitMocks", {
        vendors,
        mocks: Object.fromEntries(mocks.map((m) => [m.vendor!, m.url])),
        dynamic: Object.fromEntries(dynamic.map((m) => [m.vendor!, m.url])),
        scenarios: Object.fromEntries(
          scenarios.map((s) => [s.vendor, { id: s.vendor, url: s.url, upstreamUrl: s.upstreamUrl }]),
        ),
        control: control.url,
        seed,
      });
    } catch (error) {
      await teardown();
      throw error;
    }
    return teardown;
  };
}

export default createGlobalSetup();

export { scenarioControl, type RemoteScenario, type RemoteScenarioOptions, type ScenarioControl } from "./remote.js";
export { failOnViolations } from "./violations.js";
export { useCassettes, type CassetteReplay } from "./cassette/use-cassettes.js";
