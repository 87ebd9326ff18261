import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import {
  BUNDLE_OPTIONS,
  type BundleSize,
  DEFAULT_SIZE_LIMIT,
  LITE_SIZE_LIMIT,
  measureClient,
  publicPackages,
} from "@eventkit/spec-workflow";

/** Issue 12's target: hey-api's client-fetch makes the same call in 4.0 kB (the lite entry's CI guard). */
export const LIMIT_BYTES = LITE_SIZE_LIMIT;

/** Modules listed per client: enough to show where the bytes go. */
const TOP_MODULES = 8;

const ROOT = join(import.meta.dirname, "../../..");

const kB = (bytes: number): string => (bytes / 1024).toFixed(2);

/**
 * The size of an app that creates one vendor client and makes one list call, for every vendor
 * package of the workspace (those with an `eventkit.spec`), through the lite entry
 * (`@eventkit/<vendor>/lite`, against issue 12's target) and through the full client (against its
 * CI guard), measured as the CI guard measures them (tools/spec-workflow's measureClient: esbuild,
 * browser, minified, gzipped), with the modules the bytes come from.
 */
export async function benchBundleSizes(): Promise<void> {
  console.log(
    `bundle size of one list call (esbuild --platform=browser, minified, gzipped; lite entry, with and without withRetry: target and CI guard ≤ ${kB(LIMIT_BYTES)} kB gz; full client: CI guard ${kB(DEFAULT_SIZE_LIMIT)} kB)`,
  );
  for (const { name, dir } of publicPackages(ROOT)) {
    const lite = await measureClient(dir, "lite");
    const full = await measureClient(dir);
    if (!lite || !full) continue;
    printSize(`${name}/lite`, lite, `target: ${verdict(lite.gzip)}`);
    // The README's example opts in to retries; CI holds the call with them too.
    const retried = await measureClient(dir, "lite", { withRetry: true });
    if (retried) printSize(`${name}/lite + withRetry`, retried, `target: ${verdict(retried.gzip)}`);
    const guard = full.gzip <= DEFAULT_SIZE_LIMIT ? "within" : "OVER";
    printSize(name, full, `guard: ${guard}`);
  }
  const floor = await openapiFetchAlone();
  console.log(
    `  openapi-fetch's client alone, the same call with no behaviour of ours: ${kB(floor)} kB gz (the lite entry bundles openapi-fetch's serializers, not its client object with middleware hooks and per-method helpers)`,
  );
  console.log("  (the official Datadog client is about 1.05 MB gzipped for the same call)");
}

/** Against issue 12's target, which is also CI's guard for both lite bundles. */
function verdict(gzip: number): string {
  return gzip <= LIMIT_BYTES ? `met (${LIMIT_BYTES - gzip} bytes under)` : `NOT met (${gzip - LIMIT_BYTES} bytes over)`;
}

function printSize(label: string, size: BundleSize, verdict: string): void {
  console.log(
    `  ${label.padEnd(38)} ${kB(size.minified).padStart(6)} kB min  ${kB(size.gzip).padStart(5)} kB gz  ${verdict}   ${size.entry}`,
  );
  const top = size.modules.slice(0, TOP_MODULES).map((m) => `${m.path} ${(m.bytes / 1024).toFixed(1)}`);
  const rest = size.modules.slice(TOP_MODULES).reduce((sum, m) => sum + m.bytes, 0);
  console.log(
    `    minified kB by module: ${top.join(", ")}${rest ? `, ${size.modules.length - TOP_MODULES} more ${(rest / 1024).toFixed(1)}` : ""}`,
  );
}

/** What the chosen stack costs before any code of ours: `createClient({ baseUrl }).GET(path)`, bundled as above. */
async function openapiFetchAlone(): Promise<number> {
  const result = await build({
    ...BUNDLE_OPTIONS,
    stdin: {
      contents: `import createClient from "openapi-fetch";\nconst client = createClient({ baseUrl: "https://api.example.com" });\nexport const call = () => client.GET("/events");\n`,
      resolveDir: import.meta.dirname,
      loader: "js",
    },
  });
  return gzipSync(result.outputFiles[0]!.contents).length;
}
