/**
 * The full-document suite's own mocks, apart from the vendors' (vitest.full.config.ts): one Prism
 * server answering the spec's examples and one generating seeded data, for the fixture package,
 * started once for the whole run. Without the corpus nothing starts and the tests say why.
 */
import { startMocks } from "../../src/mock.js";
import { buildFixture, corpusMissing } from "./fixture.js";

export interface FullDocumentMocks {
  readonly skipped?: string;
  readonly dir?: string;
  readonly mock?: string;
  readonly dynamic?: string;
  readonly seed: number;
}

declare module "vitest" {
  interface ProvidedContext {
    fullDocument: FullDocumentMocks;
  }
}

const SEED = 1;

export default async function setup(project: {
  provide(key: "fullDocument", value: FullDocumentMocks): void;
}): Promise<(() => Promise<void>) | undefined> {
  const skipped = corpusMissing();
  if (skipped) {
    project.provide("fullDocument", { skipped, seed: SEED });
    return undefined;
  }
  const fixture = await buildFixture();
  const start = performance.now();
  const [mock, dynamic] = await Promise.all([
    startMocks([{ spec: fixture.document }]),
    startMocks([{ spec: fixture.document }], { dynamic: true, seed: SEED }),
  ]).then(([a, b]) => [a[0]!, b[0]!] as const);
  process.stderr.write(
    `full Datadog v2 document: ${fixture.built ? `generated in ${(fixture.generateMs / 1000).toFixed(1)} s` : "fixture unchanged"}, two mocks listening in ${((performance.now() - start) / 1000).toFixed(1)} s\n`,
  );
  project.provide("fullDocument", { dir: fixture.dir, mock: mock.url, dynamic: dynamic.url, seed: SEED });
  return async () => {
    await Promise.all([mock.close(), dynamic.close()]);
  };
}
