import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const VENDORS: [pkg: string, factory: string, call: string][] = [
  ["@eventkit/mem0", "createMem0Client", "client.listEvents()"],
  ["@eventkit/opal", "createOpalClient", "client.listEvents({ params: { query: { page_size: 100 } } })"],
  ["@eventkit/datadog", "createDatadogClient", "client.listEvents()"],
  ["@eventkit/trieve", "createTrieveClient", 'client.listEvents({ params: { header: { "TR-Dataset": "d" } }, body: {} })'],
  ["@eventkit/capillary", "createCapillaryClient", "client.listEvents()"],
];

/** Issue 12's target: hey-api's client-fetch makes the same call in 4.0 kB. */
export const LIMIT_BYTES = 4 * 1024;

/** Minified and gzipped size of an app that creates one vendor client and makes one list call. */
export async function bundleSize(pkg: string, factory: string, call: string): Promise<{ minified: number; gzipped: number }> {
  const result = await build({
    stdin: { contents: `import { ${factory} } from "${pkg}";\nconst client = ${factory}();\nexport const run = () => ${call};\n`, resolveDir: import.meta.dirname, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.length, gzipped: gzipSync(code).length };
}

export async function benchBundleSizes(): Promise<void> {
  console.log("bundle size of one list call (esbuild --platform=browser, minified, gzipped)");
  for (const [pkg, factory, call] of VENDORS) {
    const { minified, gzipped } = await bundleSize(pkg, factory, call);
    console.log(`  ${pkg.padEnd(22)} ${(minified / 1024).toFixed(1).padStart(6)} kB min  ${(gzipped / 1024).toFixed(1).padStart(5)} kB gz   target ≤ 4 kB gz: ${gzipped <= LIMIT_BYTES ? "met" : "NOT met"}`);
  }
  console.log("  (the official Datadog client is about 1.05 MB gzipped for the same call)");
}
