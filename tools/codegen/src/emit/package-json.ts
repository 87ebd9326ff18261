import type { ClientModel } from "../stages/model.js";
import { packageMetadata, type PublishMetadata } from "./publish-metadata.js";

export interface PackageJsonVersions {
  typescript: string;
  vitest: string;
}

type Json = Record<string, unknown>;

const KEY_ORDER = [
  "name",
  "version",
  "description",
  "keywords",
  "homepage",
  "bugs",
  "repository",
  "license",
  "author",
  "type",
  "sideEffects",
  "exports",
  "main",
  "types",
  "files",
  "scripts",
  "dependencies",
  "devDependencies",
  "peerDependencies",
  "eventkit",
];

/**
 * Merges what the generator owns into an existing package.json and keeps everything else:
 * a version bumped by changesets, extra scripts or dependencies a maintainer added.
 */
export function mergePackageJson(
  model: ClientModel,
  existing: Json | undefined,
  versions: PackageJsonVersions,
  publish?: PublishMetadata,
): string {
  const prev = existing ?? {};
  const prevScripts = (prev.scripts ?? {}) as Json;
  const merged: Json = {
    version: "0.1.0",
    description: `Typed client for ${model.title}, generated from its OpenAPI spec.`,
    license: "MIT",
    files: ["dist", "src", "README.md"],
    ...prev,
    // From the root config, not hand-edited: a package moved or a repository renamed changes them all.
    ...(publish ? packageMetadata(publish, `packages/${model.vendor}`, [model.vendor]) : {}),
    name: `@eventkit/${model.vendor}`,
    type: "module",
    sideEffects: false,
    // `default` after `import`: the same ES module for require(), which Node >= 20.19 loads.
    exports: {
      ".": { types: "./dist/index.d.ts", import: "./dist/index.js", default: "./dist/index.js" },
      // The lite client: pay for what you use (README "Smaller bundles").
      "./lite": { types: "./dist/lite.d.ts", import: "./dist/lite.js", default: "./dist/lite.js" },
      "./openapi.json": "./src/generated/openapi.json",
      "./package.json": "./package.json",
    },
    main: "./dist/index.js",
    types: "./dist/index.d.ts",
    scripts: {
      build: "tsc -p tsconfig.build.json",
      typecheck: "tsc --noEmit -p tsconfig.json",
      // Time limits catch hangs only: a first test that loads the client on a busy machine takes
      // far longer than vitest's 5 s default.
      test: "vitest run --passWithNoTests --testTimeout 120000 --hookTimeout 120000",
      ...prevScripts,
      generate: `eventkit-codegen generate ${model.vendor}`,
    },
    dependencies: { ...((prev.dependencies ?? {}) as Json), "@eventkit/runtime": "workspace:^" },
    devDependencies: {
      typescript: versions.typescript,
      vitest: versions.vitest,
      ...((prev.devDependencies ?? {}) as Json),
      "@eventkit/codegen": "workspace:*",
      [`@eventkit/spec-${model.vendor}`]: "workspace:*",
    },
    eventkit: { ...((prev.eventkit ?? {}) as Json), spec: `specs/${model.vendor}` },
  };
  for (const key of ["scripts", "dependencies", "devDependencies"]) merged[key] = sortKeys(merged[key] as Json);
  const files = merged.files as unknown;
  if (publish && Array.isArray(files) && !files.includes("LICENSE")) merged.files = [...files, "LICENSE"];
  const ordered: Json = {};
  for (const key of KEY_ORDER) if (key in merged) ordered[key] = merged[key];
  for (const key of Object.keys(merged)) if (!(key in ordered)) ordered[key] = merged[key];
  return JSON.stringify(ordered, null, 2) + "\n";
}

function sortKeys(obj: Json): Json {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => a.localeCompare(b)));
}
