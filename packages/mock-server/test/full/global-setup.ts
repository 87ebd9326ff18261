/**
 * The full-document suite's own mocks, apart from the vendors' (vitest.full.config.ts): one Prism
 * server answering the spec's examples and one generating data per seed (seeds.ts), for the fixture
 * package, started once for the whole run; they share one copy of Prism's operations. Without the
 * corpus nothing starts and the tests say why.
 */
import { startMocks } from "../../src/mock.js";
import { buildFixture, corpusMissing } from "./fixture.js";
import { mockSeeds } from "./seeds.js";

export interface FullDocumentMocks {
  readonly skipped?: string;
  readonly dir?: string;
  readonly mock?: string;
  /** One generating mock per seed, in the order of EVENTKIT_MOCK_SEEDS. */
  readonly dynamic?: readonly { readonly seed: number; readonly url: string }[];
  readonly seeds: readonly number[];
}

declare module "vitest" {
  interface ProvidedContext {
    fullDocument: FullDocumentMocks;
  }
}

export default async function setup(project: {
  provide(key: "fullDocument", value: FullDocumentMocks): void;
}): Promise<(() => Promise<void>) | undefined> {
  const seeds = mockSeeds();
  const skipped = corpusMissing();
  if (skipped) {
    project.provide("fullDocument", { skipped, seeds });
    return undefined;
  }
  const fixture = await buildFixture();
  const start = performance.now();
  const [mock, ...dynamic] = await Promise.all([
    startMocks([{ spec: fixture.document }]),
    ...seeds.map((seed) => startMocks([{ spec: fixture.document }], { dynamic: true, seed })),
  ]).then((started) => started.map((m) => m[0]!));
  process.stderr.write(
    `full Datadog v2 document: ${fixture.built ? `generated in ${(fixture.generateMs / 1000).toFixed(1)} s` : "fixture unchanged"}, ${1 + dynamic.length} mocks (examples; seeds ${seeds.join(", ")}) listening in ${((performance.now() - start) / 1000).toFixed(1)} s\n`,
  );
  project.provide("fullDocument", {
    dir: fixture.dir,
    mock: mock!.url,
    dynamic: dynamic.map((d, i) => ({ seed: seeds[i]!, url: d.url })),
    seeds,
  });
  return async () => {
    await Promise.all([mock!.close(), ...dynamic.map((d) => d.close())]);
  };
}
