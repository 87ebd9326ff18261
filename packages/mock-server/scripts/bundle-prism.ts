/**
 * Prism and its dependency tree (about 3,000 CommonJS files: lodash, fp-ts, ajv, json-schema-faker…)
 * as one file, dist/vendor/prism.cjs, written at build time: Node resolves, reads and compiles one
 * file instead of thousands, which is most of a mock's start (see bench/full-document.ts). Their
 * licences ship beside it, in dist/vendor/prism.cjs.LICENSES.txt, one entry per bundled package.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const out = join(packageDir, "dist/vendor/prism.cjs");

/** What src/prism.ts reads from the bundle (PrismModules there). */
const ENTRY = `
exports.http = require("@stoplight/prism-http");
exports.server = require("@stoplight/prism-http-server");
exports.core = require("@stoplight/prism-core");
exports.validatorUtils = require("@stoplight/prism-http/dist/validator/validators/utils.js");
`;

/**
 * Faker with its 57 locales is 60% of Prism's load (3.3 s of 5.6 s unbundled), yet Prism needs it
 * only for `x-faker` keywords. It goes to its own file, dist/vendor/faker.cjs, loaded on first
 * use: Prism hands faker's default export to json-schema-faker when it loads, which stores it and
 * reads its properties only while generating an `x-faker` value, so a proxy stands in until then.
 */
const FAKER_SHIM = `
let faker;
const real = () => (faker ??= require("./faker.cjs"));
const lazy = (pick, own = {}) => new Proxy(own, {
  get: (_, key) => (key in own ? own[key] : Reflect.get(pick(), key)),
  has: (_, key) => key in own || Reflect.has(pick(), key),
  ownKeys: () => Reflect.ownKeys(pick()),
  getOwnPropertyDescriptor: (_, key) => {
    const found = Reflect.getOwnPropertyDescriptor(pick(), key);
    return found && { ...found, configurable: true };
  },
});
module.exports = lazy(real, { default: lazy(() => real().default), faker: lazy(() => real().faker) });
`;

const lazyFaker: Plugin = {
  name: "lazy-faker",
  setup(b) {
    b.onResolve({ filter: /^@faker-js\/faker$/ }, () => ({ path: "faker-shim", namespace: "lazy-faker" }));
    b.onLoad({ filter: /.*/, namespace: "lazy-faker" }, () => ({ contents: FAKER_SHIM, loader: "js" }));
    b.onResolve({ filter: /^\.\/faker\.cjs$/, namespace: "lazy-faker" }, () => ({
      path: "./faker.cjs",
      external: true,
    }));
  },
};

/**
 * jsonc-parser's `main` is a UMD file whose factory requires its siblings by computed names, which
 * no bundler can follow: its ES module build is the same code with static imports.
 */
const jsoncParserEsm: Plugin = {
  name: "jsonc-parser-esm",
  setup(b) {
    b.onResolve({ filter: /^jsonc-parser$/ }, (args) => ({
      path: createRequire(join(args.resolveDir, "noop.js")).resolve("jsonc-parser/lib/esm/main.js"),
    }));
  },
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
} as const;

/** Where Prism's HTTP package finds its own faker (pnpm installs it beside Prism, not beside us). */
const fakerDir = dirname(
  createRequire(createRequire(join(packageDir, "noop.js")).resolve("@stoplight/prism-http")).resolve("@faker-js/faker"),
);

const [result, faker] = await Promise.all([
  build({
    ...common,
    stdin: { contents: ENTRY, resolveDir: packageDir, sourcefile: "prism-entry.cjs", loader: "js" },
    outfile: out,
    plugins: [jsoncParserEsm, lazyFaker],
  }),
  build({
    ...common,
    stdin: {
      contents: 'module.exports = require("@faker-js/faker");',
      resolveDir: fakerDir,
      sourcefile: "faker-entry.cjs",
      loader: "js",
    },
    outfile: join(dirname(out), "faker.cjs"),
  }),
]);

interface Manifest {
  name?: string;
  version?: string;
  license?: string | { type?: string };
  licenses?: { type?: string }[];
}

/** `license`, or the older `licenses` list some packages still use. */
function licenceOf(manifest: Manifest): string {
  if (typeof manifest.license === "string") return manifest.license;
  const types = [manifest.license, ...(manifest.licenses ?? [])].flatMap((l) => (l?.type ? [l.type] : []));
  if (types.length === 0) throw new Error(`bundle-prism: ${manifest.name}@${manifest.version} names no licence`);
  return types.join(" OR ");
}

/** The package.json that owns a bundled file, found up its folders. */
function owner(file: string): { dir: string; manifest: Manifest } | undefined {
  for (let dir = dirname(join(packageDir, file)); dirname(dir) !== dir; dir = dirname(dir)) {
    const path = join(dir, "package.json");
    if (!existsSync(path)) continue;
    const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
    if (manifest.name && manifest.version) return { dir, manifest };
  }
  return undefined;
}

const packages = new Map<string, { dir: string; manifest: Manifest }>();
for (const file of [...Object.keys(result.metafile.inputs), ...Object.keys(faker.metafile.inputs)]) {
  if (!file.includes("node_modules/")) continue;
  const found = owner(file);
  if (!found) throw new Error(`bundle-prism: no package.json above ${file}: its licence cannot be named`);
  packages.set(`${found.manifest.name}@${found.manifest.version}`, found);
}

const notices = [...packages]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([id, { dir, manifest }]) => {
    const licence = licenceOf(manifest);
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying|notice)/i.test(f));
    const text = file
      ? readFileSync(join(dir, file), "utf8").trim()
      : `(no licence file in the package; package.json says ${licence})`;
    return `${id} (${licence})\n\n${text}\n`;
  });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  `${out}.LICENSES.txt`,
  `dist/vendor/prism.cjs and faker.cjs bundle these ${packages.size} packages, under these licences.\n\n${notices.join(`\n${"-".repeat(72)}\n\n`)}`,
);
console.log(
  `bundle-prism: ${packages.size} packages, ${Object.keys(result.metafile.inputs).length + Object.keys(faker.metafile.inputs).length} files → ${dirname(out)}`,
);
