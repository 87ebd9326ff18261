import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { type BuildOptions, build } from "esbuild";

export interface BundleSize {
  /** The code measured: the client factory and one call. */
  entry: string;
  minified: number;
  gzip: number;
  /** Where the minified bytes come from, largest first (esbuild's metafile: bytes in the output per input file). */
  modules: { path: string; bytes: number }[];
}

type Json = Record<string, unknown>;

/** How a client is bundled to be measured: for the browser, minified ESM, as an application ships it. */
export const BUNDLE_OPTIONS = {
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  write: false,
  logLevel: "silent",
} as const satisfies BuildOptions;

/** Which entry of a vendor package is measured: the full client (`.`) or the lite one (`./lite`). */
export type ClientEntry = "full" | "lite";

export interface MeasureOptions {
  /** For the lite entry: the client made with `{ use: [withRetry()] }`, as the README's example makes it. */
  readonly withRetry?: boolean;
}

/**
 * What an application pays for one vendor client: `create<Vendor>Client` (or, for the `lite`
 * entry, `create<Vendor>LiteClient` from `@eventkit/<vendor>/lite`) and one call (the first
 * paginated operation, else the first), bundled with the runtime, minified and gzipped (zlib's
 * default level, as a web server would send it).
 * Bundled for the browser: a client that needs a Node builtin fails the check instead of hiding it.
 * Needs the package built (`dist/`). Returns undefined for packages that are not vendor clients.
 */
export async function measureClient(
  pkgDir: string,
  kind: ClientEntry = "full",
  options: MeasureOptions = {},
): Promise<BundleSize | undefined> {
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as Json;
  if (!(pkg.eventkit as Json | undefined)?.spec) return undefined;
  const file = kind === "lite" ? "dist/lite.js" : "dist/index.js";
  const main = join(pkgDir, file);
  if (!existsSync(main)) throw new Error(`${String(pkg.name)} is not built (no ${file}): run pnpm build first`);
  const exports = (await import(pathToFileURL(join(pkgDir, "dist/index.js")).href)) as Record<string, unknown>;
  const entryExports =
    kind === "lite" ? ((await import(pathToFileURL(main).href)) as Record<string, unknown>) : exports;
  const pattern = kind === "lite" ? /^create\w+LiteClient$/ : /^create\w+Client$/;
  const factory = Object.keys(entryExports).find((k) => pattern.test(k) && typeof entryExports[k] === "function");
  const spec = Object.values(exports).find(
    (v): v is { operations: Record<string, Json> } => !!v && typeof v === "object" && "operations" in v,
  );
  if (!factory || !spec)
    throw new Error(
      `${String(pkg.name)}${kind === "lite" ? "/lite" : ""} exports no create…Client and spec: not a generated client`,
    );
  const ops = Object.entries(spec.operations);
  const [method] = ops.find(([, op]) => op.pagination) ?? ops[0] ?? [];
  const name = kind === "lite" ? `${String(pkg.name)}/lite` : String(pkg.name);
  const retry = kind === "lite" && options.withRetry;
  const entry = `import { ${factory}${retry ? ", withRetry" : ""} } from "${name}";\nconst client = ${factory}(${retry ? "{ use: [withRetry()] }" : ""});\nexport const call = () => client${method ? `.${method}()` : ""};\n`;
  const result = await build({
    ...BUNDLE_OPTIONS,
    stdin: { contents: entry, resolveDir: pkgDir, loader: "js", sourcefile: "entry.js" },
    metafile: true,
    // The package imports itself by name, as an application would.
    plugins: [
      {
        name: "self",
        setup: (b) => b.onResolve({ filter: new RegExp(`^${name.replace(/[/.]/g, "\\$&")}$`) }, () => ({ path: main })),
      },
    ],
  });
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
  const modules = Object.entries(inputs)
    .map(([path, { bytesInOutput }]) => ({ path: modulePath(path), bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return {
    entry: `${factory}(${retry ? "{ use: [withRetry()] }" : ""}) + client${method ? `.${method}()` : ""}`,
    minified: code.length,
    gzip: gzipSync(code).length,
    modules,
  };
}

/** `…/node_modules/.pnpm/x@1/node_modules/x/dist/a.js` → `x/dist/a.js`; `…/packages/runtime/dist/a.js` → `runtime/dist/a.js`. */
function modulePath(path: string): string {
  const inPackage = path.lastIndexOf("node_modules/");
  if (inPackage !== -1) return path.slice(inPackage + "node_modules/".length);
  const workspace = path.lastIndexOf("packages/");
  return workspace === -1 ? path : path.slice(workspace + "packages/".length);
}
