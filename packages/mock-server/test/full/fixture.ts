/**
 * The full Datadog v2 API (3.8 MB, 912 operations) as a generated client package, built from the
 * spec corpus at test or bench time, never committed: the folder EVENTKIT_CORPUS names, else
 * `shared/corpus` beside the repository's folder. Where it is absent, `corpusMissing` says where
 * it looked. The package is rebuilt only when the corpus file, an overlay or the generator changed.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generatorDigest, loadFile, render } from "@eventkit/codegen";

export const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const CORPUS = process.env.EVENTKIT_CORPUS
  ? resolve(process.env.EVENTKIT_CORPUS)
  : join(ROOT, "../shared/corpus");
export const VENDOR = "datadog-v2-full";
const DOCUMENT = join(CORPUS, "datadog-v2.yaml");
/** What keeps the document from generating at all (the codegen corpus tests use the same). */
const GENERATE_OVERLAY = join(ROOT, "tools/codegen/test/corpus/datadog-v2.overlay.yaml");
/** What keeps the mock from answering: vendor defects fixed as a user would, each with its reason. */
export const MOCK_OVERLAY = join(ROOT, "packages/mock-server/test/full/datadog-v2.overlay.yaml");
/** Where the package is built (ignored by git). */
export const FIXTURE_DIR = join(ROOT, "packages/mock-server/test/.fixtures", VENDOR);

/** Undefined when the corpus is there; else the reason every full-document test is skipped. */
export function corpusMissing(): string | undefined {
  return existsSync(DOCUMENT)
    ? undefined
    : `no spec corpus at ${CORPUS}: ${DOCUMENT} is absent (set EVENTKIT_CORPUS to the folder holding datadog-v2.yaml)`;
}

/** One overlay of both: the generation fix, then the mock fixes. */
function combinedOverlay(): string {
  const actions = (file: string) => readFileSync(file, "utf8").split(/^actions:\n/m)[1] ?? "";
  return `overlay: 1.0.0\ninfo:\n  title: The full Datadog v2 document as a test fixture\n  version: 1.0.0\nactions:\n${actions(GENERATE_OVERLAY)}${actions(MOCK_OVERLAY)}`;
}

export interface Fixture {
  readonly dir: string;
  /** The overlaid, bundled document the package ships. */
  readonly document: string;
  /** Whether this call generated it (false: the inputs were unchanged since the last build). */
  readonly built: boolean;
  readonly generateMs: number;
  readonly warnings: readonly string[];
}

/** Builds (or reuses) the fixture package; fails with the reason when the corpus is absent. */
export async function buildFixture(): Promise<Fixture> {
  const missing = corpusMissing();
  if (missing) throw new Error(missing);
  const overlayText = combinedOverlay();
  const digest = createHash("sha256")
    .update(generatorDigest())
    .update(readFileSync(DOCUMENT))
    .update(overlayText)
    .digest("hex");
  const stamp = join(FIXTURE_DIR, ".inputs");
  const document = join(FIXTURE_DIR, "src/generated/openapi.json");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === digest && existsSync(document)) {
    return { dir: FIXTURE_DIR, document, built: false, generateMs: 0, warnings: [] };
  }
  const overlayPath = join(dirname(FIXTURE_DIR), `${VENDOR}.overlay.yaml`);
  mkdirSync(dirname(overlayPath), { recursive: true });
  writeFileSync(overlayPath, overlayText);
  const warnings: string[] = [];
  const start = performance.now();
  const out = await render(
    { vendor: VENDOR, document: loadFile(DOCUMENT), overlay: loadFile(overlayPath), source: "corpus/datadog-v2.yaml" },
    FIXTURE_DIR,
    {
      strict: false,
      log: (line) => warnings.push(line),
    },
  );
  const generateMs = performance.now() - start;
  // Built beside the old one and swapped in: an interrupted build leaves no half package.
  const next = `${FIXTURE_DIR}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  for (const [file, text] of Object.entries(out.generated)) write(join(next, "src/generated", file), text);
  write(join(next, "src/index.ts"), 'export * from "./generated/index.js";\n');
  write(
    join(next, "package.json"),
    `${JSON.stringify({ name: `@eventkit/${VENDOR}`, private: true, type: "module", exports: { ".": "./src/index.ts", "./openapi.json": "./src/generated/openapi.json" } }, null, 2)}\n`,
  );
  write(
    join(next, "tsconfig.json"),
    `${JSON.stringify({ extends: "../../../../../tsconfig.base.json", compilerOptions: { noEmit: true }, include: ["src"] }, null, 2)}\n`,
  );
  write(join(next, ".inputs"), digest);
  rmSync(FIXTURE_DIR, { recursive: true, force: true });
  renameSync(next, FIXTURE_DIR);
  return { dir: FIXTURE_DIR, document, built: true, generateMs, warnings };
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
