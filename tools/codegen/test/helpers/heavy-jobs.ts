/**
 * Generator runs too heavy for the test worker, called through in-child.ts: each takes and returns
 * plain JSON.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { refChain } from "../../bench/ref-chain.js";
import { loadFile, prepare, render } from "../../src/index.js";

export interface RenderedPackage {
  /** Where the generated files were written: `<pkg>/src/generated/`. */
  readonly pkg: string;
  readonly files: Record<string, string>;
  readonly warnings: string[];
}

/** Renders a spec file (with an optional overlay) and writes the generated files into `pkg`. */
export async function renderInto(job: {
  vendor: string;
  document: string;
  overlay?: string;
  source: string;
  strict: boolean;
  pkg: string;
}): Promise<RenderedPackage> {
  const warnings: string[] = [];
  const out = await render(
    {
      vendor: job.vendor,
      document: loadFile(job.document),
      overlay: job.overlay ? loadFile(job.overlay) : undefined,
      source: job.source,
    },
    join(job.pkg, "none"),
    { strict: job.strict, log: (line) => warnings.push(line) },
  );
  mkdirSync(join(job.pkg, "src/generated"), { recursive: true });
  for (const [f, text] of Object.entries(out.generated)) writeFileSync(join(job.pkg, "src/generated", f), text);
  return {
    pkg: job.pkg,
    // The two files the tests read; the rest stay on disk for tsc.
    files: { "schema.ts": out.generated["schema.ts"] ?? "", "client.ts": out.generated["client.ts"] ?? "" },
    warnings,
  };
}

/**
 * `renderInto` for each job, in order, in this one process: the corpus renders its nine jobs with one
 * load of tsx and the generator (~3 CPU-s each time) instead of nine. Each job's result, or its
 * error's message, as in-child.ts reports one call's.
 */
export async function renderEach(
  jobs: Parameters<typeof renderInto>[0][],
): Promise<({ ok: true; value: RenderedPackage } | { ok: false; message: string })[]> {
  const results: ({ ok: true; value: RenderedPackage } | { ok: false; message: string })[] = [];
  for (const job of jobs) {
    try {
      results.push({ ok: true, value: await renderInto(job) });
    } catch (error) {
      results.push({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

/** Prepares a document whose one response schema is a `depth`-long chain of `$ref`s. */
export async function prepareChain(depth: number): Promise<{ operations: string[]; s0: unknown }> {
  const dir = mkdtempSync(join(tmpdir(), "eventkit-chain-"));
  writeFileSync(join(dir, "openapi.yaml"), refChain(depth));
  const { model, bundled } = await prepare({
    vendor: "chain",
    document: loadFile(join(dir, "openapi.yaml")),
    source: "chain",
  });
  return {
    operations: model.operations.map((o) => o.name),
    s0: (bundled as { components: { schemas: Record<string, unknown> } }).components.schemas.S0,
  };
}
