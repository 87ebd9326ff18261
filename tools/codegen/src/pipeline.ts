import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { emitClient, emitIndex } from "./emit/client.js";
import { emitLiteClient } from "./emit/lite-client.js";
import { emitNamedTypes, namedTypes } from "./emit/named-types.js";
import { mergePackageJson } from "./emit/package-json.js";
import { type PublishMetadata, readPublishMetadata } from "./emit/publish-metadata.js";
import { mergeReadme, readmeSection } from "./emit/readme.js";
import { scaffoldFiles } from "./emit/scaffold.js";
import { emitTypes } from "./emit/types.js";
import { assertOpenApi3, type JsonObject, type LoadedFile, loadSpecFolder, refRootsOf } from "./stages/load.js";
import { buildModel, type ClientModel } from "./stages/model.js";
import { applyOverlayFile } from "./stages/overlay.js";
import { validateAndBundle } from "./stages/validate.js";
import { type PackageOutput, staleFiles, writePackage } from "./stages/write.js";

export interface PipelineOptions {
  /** Structural spec problems fail the run (default); off, they are printed as warnings. */
  strict?: boolean | undefined;
  /** Prints each stage's duration. */
  verbose?: boolean | undefined;
  log?: ((line: string) => void) | undefined;
  /** Where published packages come from (the root package.json); adds metadata and a LICENSE. */
  publish?: PublishMetadata | undefined;
}

export interface SpecInput {
  vendor: string;
  document: LoadedFile;
  overlay?: LoadedFile | undefined;
  /** How generated files name their source (`specs/opal`). */
  source: string;
  /** Folders the document's `$ref`s may read (default: its folder and its package.json's `eventkit.refRoots`). */
  refRoots?: readonly string[] | undefined;
}

async function timed<T>(stage: string, options: PipelineOptions, run: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  if (options.verbose) options.log?.(`  ${stage.padEnd(20)} ${(performance.now() - start).toFixed(0).padStart(6)} ms`);
  return result;
}

/** load → apply overlay → validate and bundle → model. */
export async function prepare(
  input: SpecInput,
  options: PipelineOptions = {},
): Promise<{ model: ClientModel; bundled: JsonObject }> {
  const raw = await timed("load", options, () => assertOpenApi3(input.document));
  // Overlay actions edit the document in place: they get a copy, so the loaded file can be
  // prepared again (spec:diff prepares the same document more than once).
  const overlaid = input.overlay
    ? await timed("apply overlay", options, () =>
        applyOverlayFile(structuredClone(raw), input.overlay!, input.document.display),
      )
    : raw;
  const bundled = await timed("validate and bundle", options, () =>
    validateAndBundle(overlaid, input.document, {
      strict: options.strict ?? true,
      warn: options.log,
      refRoots: input.refRoots ?? refRootsOf(dirname(input.document.path)),
      overlayText: input.overlay?.text,
    }),
  );
  const model = await timed("model", options, () => buildModel(input.vendor, bundled, input.document, input.overlay));
  for (const warning of model.warnings) options.log?.(`warning: ${input.document.display}: ${warning}`);
  return { model, bundled };
}

/** Everything a vendor package receives, computed in memory; nothing is written. */
export async function render(input: SpecInput, pkgDir: string, options: PipelineOptions = {}): Promise<PackageOutput> {
  const { model, bundled } = await prepare(input, options);
  const schema = await timed("emit types", options, () => emitTypes(bundled, input.source));
  return timed("emit client", options, () => {
    const pkgPath = join(pkgDir, "package.json");
    const readmePath = join(pkgDir, "README.md");
    const existingPkg = existsSync(pkgPath)
      ? (JSON.parse(readFileSync(pkgPath, "utf8")) as Record<string, unknown>)
      : undefined;
    const existingReadme = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : undefined;
    return {
      generated: {
        "schema.ts": schema,
        "client.ts": emitClient(model, input.source),
        "index.ts": emitIndex(model, input.source),
        "lite.ts": emitLiteClient(model, input.source),
        "types.ts": emitNamedTypes(model, namedTypes(model, bundled), input.source),
        // The overlaid, bundled document, shipped as `@eventkit/<vendor>/openapi.json` for the mocks.
        "openapi.json": `${JSON.stringify(bundled, null, 2)}\n`,
      },
      merged: {
        "package.json": mergePackageJson(
          model,
          existingPkg,
          { typescript: "~5.9.3", vitest: "^3.2.4" },
          options.publish,
        ),
        "README.md": mergeReadme(existingReadme, readmeSection(model), `@eventkit/${model.vendor}`),
        ...(options.publish ? { LICENSE: options.publish.licenseText } : {}),
      },
      scaffold: scaffoldFiles(),
    };
  });
}

export interface VendorResult {
  vendor: string;
  /** In check mode: files that differ from what the specs produce. */
  stale: string[];
}

/** Generates (or, with `check`, verifies) `packages/<vendor>` from `specs/<vendor>`. */
export async function generateVendor(
  root: string,
  vendor: string,
  options: PipelineOptions & { check?: boolean | undefined } = {},
): Promise<VendorResult> {
  const folder = loadSpecFolder(join(root, "specs", vendor));
  const pkgDir = join(root, "packages", folder.vendor);
  const out = await render(
    {
      vendor: folder.vendor,
      document: folder.document,
      overlay: folder.overlay,
      source: `specs/${vendor}`,
      refRoots: folder.refRoots,
    },
    pkgDir,
    {
      ...options,
      publish: options.publish ?? readPublishMetadata(root),
    },
  );
  if (options.check) return { vendor, stale: staleFiles(pkgDir, out, root) };
  await timed("write", options, () => writePackage(pkgDir, out));
  return { vendor, stale: [] };
}

/** Runs load → overlay → validate for a spec folder, as the spec package's build. */
export async function validateVendor(specDir: string, options: PipelineOptions = {}): Promise<ClientModel> {
  const folder = loadSpecFolder(specDir);
  const { model } = await prepare(
    {
      vendor: folder.vendor,
      document: folder.document,
      overlay: folder.overlay,
      source: specDir,
      refRoots: folder.refRoots,
    },
    options,
  );
  return model;
}
