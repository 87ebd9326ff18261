import { spawnSync } from "node:child_process";
import { childEnv } from "../child-env.js";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { type BundleSize, measureClient } from "./bundle-size.js";
import { installAsConsumer } from "./consumer-install.js";
import { checkMetadata } from "./package-metadata.js";

export interface Check {
  ok: boolean;
  /** What to show when it failed (or warned). */
  detail: string;
}

export interface PackageReport {
  name: string;
  dir: string;
  publint: Check;
  attw: Check;
  publish: Check;
  /** License, repository, homepage, bugs, keywords, author, README and LICENSE (package-metadata.ts). */
  metadata: Check;
  /** npm-installed from the tarball into a project outside the workspace, then imported; not run for a subset (`only`). */
  install?: Check | undefined;
  /** Where `pnpm pack` wrote it, while the checks run. */
  tarball?: string;
  size?: BundleSize & { limit: number; ok: boolean };
  sizeError?: string;
  /** The same call through the package's `/lite` entry. */
  liteSize?: BundleSize & { limit: number; ok: boolean };
  liteSizeError?: string;
  /** The same lite call with `use: [withRetry()]`, as the README's example makes it: the same limit. */
  liteRetrySize?: BundleSize & { limit: number; ok: boolean };
  liteRetrySizeError?: string;
}

export interface PackageCheckOptions {
  /** gzip bytes allowed for one vendor client bundle. */
  sizeLimit: number;
  /** gzip bytes allowed for the same call through the lite entry, with and without withRetry (default LITE_SIZE_LIMIT). */
  liteSizeLimit?: number;
  /** Build the packages with turbo first (default true). */
  build?: boolean;
  /** Only these packages (by name); default every public package. */
  only?: string[];
  log?: (line: string) => void;
}

/**
 * The full client's bundle-size guard, in gzipped bytes: `pnpm check:packages` as documented and CI
 * (.ci/run) both use this one value. Issue 12's 4 KiB target is met by the lite entry
 * (`@eventkit/<vendor>/lite`, LITE_SIZE_LIMIT); this guard keeps the full client from growing
 * unnoticed. 13.75 KiB: what the full clients reach (Mem0, Opal, Trieve 12.9 KiB, Datadog and
 * Capillary 13.4 KiB) plus a little room. They grew by about 1 KiB (from 10.8-11.4 KiB) when typed
 * calls got their own request path (request-parts, one Request per attempt: per-request overhead
 * 0.86x to 0.99x of openapi-fetch on a local server) while `client.raw` keeps openapi-fetch's
 * client, so both are bundled; and by about 0.75 KiB when large JSON bodies came to be parsed in
 * pieces (json-pieces, with the byte search for credentials in redact: a 1000-event page no longer
 * becomes one string over V8's 128 KB large-object size). What the full client carries beyond
 * openapi-fetch (2.6 KiB gz): `paginate`/`pages` as members (pagination, paging-style, dotted-path,
 * link-header), the generic auth interpreter, retries with Retry-After and the per-attempt deadline
 * over the body, the typed errors with their messages, redaction, large bodies parsed in pieces,
 * server variables and the debug log. `pnpm bench size` lists the bytes per module; lower this as
 * they shrink. Raised from 13.75 to 13.8 KiB when the `exchange` option (node:http for Node
 * processes, `@eventkit/runtime/node`) took the Datadog client 2 bytes over (14,082 bytes); the
 * native credential search for Buffers and a per-attempt signal without a timeout then took it
 * to 14,121 bytes, 10 under. Raised to 14.2 KiB when every client came to stop reading a response
 * body past `maxBodyBytes` (64 MiB by default; the global fetch would read a body that never ends
 * until the timeout): about 310 bytes (the body-limit error, the checked option, the limit passed to
 * the exchange), which took Datadog to 14,438 bytes, 102 under.
 */
export const DEFAULT_SIZE_LIMIT = 14.2 * 1024;

/**
 * The guard of the lite entry (`@eventkit/<vendor>/lite`, `create<Vendor>LiteClient` and one call,
 * without and with `use: [withRetry()]`), in gzipped bytes: issue 12's 4.0 kB, what hey-api's
 * client-fetch takes for the same call. It holds every vendor package: none may declare more.
 */
export const LITE_SIZE_LIMIT = 4 * 1024;

const require = createRequire(import.meta.url);

/** Non-private packages under packages/: the ones that get published. */
export function publicPackages(root: string): { name: string; dir: string }[] {
  const dir = join(root, "packages");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "package.json")))
    .map((d) => ({
      dir: join(dir, d.name),
      pkg: JSON.parse(readFileSync(join(dir, d.name, "package.json"), "utf8")) as { name: string; private?: boolean },
    }))
    .filter(({ pkg }) => pkg.private !== true)
    .map(({ dir: d, pkg }) => ({ name: pkg.name, dir: d }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function run(command: string, args: string[], cwd: string): { ok: boolean; output: string } {
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...childEnv(), FORCE_COLOR: "0", NO_COLOR: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

/**
 * publint and @arethetypeswrong/cli on the tarball `pnpm pack` makes (what npm would receive),
 * `npm publish --dry-run` of that tarball, and the gzipped size of each vendor client.
 */
export async function checkPackages(root: string, options: PackageCheckOptions): Promise<PackageReport[]> {
  const log = options.log ?? (() => {});
  const all = publicPackages(root);
  const unknown = (options.only ?? []).filter((n) => !all.some((p) => p.name === n));
  if (unknown.length)
    throw new Error(
      `not a public package under packages/: ${unknown.join(", ")} (public: ${all.map((p) => p.name).join(", ")})`,
    );
  const packages = options.only?.length ? all.filter((p) => options.only!.includes(p.name)) : all;
  if (options.build !== false && packages.length) {
    log(`building ${packages.length} packages (turbo)…`);
    const built = run(
      join(root, "node_modules/.bin/turbo"),
      ["run", "build", ...packages.map((p) => `--filter=${p.name}`), "--output-logs=errors-only"],
      root,
    );
    if (!built.ok) throw new Error(`turbo build failed:\n${built.output}`);
  }
  const packs = mkdtempSync(join(tmpdir(), "eventkit-pack-"));
  try {
    const reports: PackageReport[] = [];
    for (const { name, dir } of packages) {
      log(`checking ${name}…`);
      reports.push(
        await checkPackage(root, name, dir, packs, options.sizeLimit, options.liteSizeLimit ?? LITE_SIZE_LIMIT),
      );
    }
    // The packages depend on each other and none is on the registry: the install needs them all.
    const packed = reports.filter((r): r is PackageReport & { tarball: string } => r.tarball !== undefined);
    if (packed.length && !options.only?.length) {
      log(`installing ${packed.length} tarballs into a project outside the workspace (npm)…`);
      const installed = installAsConsumer(packed.map((r) => ({ name: r.name, tarball: r.tarball })));
      for (const r of packed) r.install = installed.get(r.name);
    }
    return reports;
  } finally {
    rmSync(packs, { recursive: true, force: true });
  }
}

async function checkPackage(
  root: string,
  name: string,
  dir: string,
  packs: string,
  sizeLimit: number,
  liteSizeLimit: number,
): Promise<PackageReport> {
  const packed = run("pnpm", ["pack", "--pack-destination", packs, "--json"], dir);
  const tarball = packed.ok
    ? (JSON.parse(packed.output.slice(packed.output.indexOf("{"))) as { filename: string }).filename
    : undefined;
  const failedPack: Check = { ok: false, detail: `pnpm pack failed:\n${packed.output}` };

  let lint = failedPack;
  if (tarball) {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    const bytes = readFileSync(tarball);
    const { messages } = await publint({
      level: "warning",
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    });
    const text = messages.map((m) => `${m.type}: ${formatMessage(m, pkg, { color: false }) ?? m.code}`).join("\n");
    lint = { ok: !messages.some((m) => m.type === "error"), detail: text };
  }

  // The packages are ES modules that CommonJS loads too (require() of ESM, Node >= 20.19, through
  // the `default` condition). The node16 profile resolves the types for import and for require;
  // attw 0.18 predates require(esm) and calls any ES module reached from CommonJS an error, so that
  // one rule is off, and the npm-installed probe (consumer-install) really require()s each package.
  const attw = tarball
    ? (() => {
        const args = [
          tarball,
          "--profile",
          "node16",
          "--ignore-rules",
          "cjs-resolves-to-esm",
          "--format",
          "ascii",
          "--no-color",
          "--no-emoji",
        ];
        const r = run(process.execPath, [attwBin(), ...args], dir);
        return { ok: r.ok, detail: r.ok ? "" : r.output };
      })()
    : failedPack;

  // The tarball checked above, not a second pack (`pnpm publish` would pack again): npm publishes a
  // tarball as given, and pnpm pack has already replaced the workspace: ranges.
  const publish = tarball
    ? (() => {
        const dry = run("npm", ["publish", tarball, "--dry-run"], packs);
        return { ok: dry.ok, detail: dry.ok ? "" : dry.output };
      })()
    : failedPack;

  const report: PackageReport = {
    name,
    dir,
    publint: lint,
    attw,
    publish,
    metadata: checkMetadata(root, dir),
    ...(tarball ? { tarball } : {}),
  };
  try {
    const size = await measureClient(dir);
    if (size) report.size = { ...size, limit: sizeLimit, ok: size.gzip <= sizeLimit };
  } catch (error) {
    report.sizeError = (error as Error).message;
  }
  try {
    const size = await measureClient(dir, "lite");
    if (size) report.liteSize = { ...size, limit: liteSizeLimit, ok: size.gzip <= liteSizeLimit };
  } catch (error) {
    report.liteSizeError = (error as Error).message;
  }
  try {
    const size = await measureClient(dir, "lite", { withRetry: true });
    if (size) report.liteRetrySize = { ...size, limit: liteSizeLimit, ok: size.gzip <= liteSizeLimit };
  } catch (error) {
    report.liteRetrySizeError = (error as Error).message;
  }
  return report;
}

function attwBin(): string {
  const pkgPath = require.resolve("@arethetypeswrong/cli/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { bin: Record<string, string> | string };
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin.attw!;
  return join(pkgPath, "..", bin);
}

export function packageOk(r: PackageReport): boolean {
  return (
    r.publint.ok &&
    r.attw.ok &&
    r.publish.ok &&
    r.metadata.ok &&
    (r.install?.ok ?? true) &&
    (r.size?.ok ?? true) &&
    r.sizeError === undefined &&
    (r.liteSize?.ok ?? true) &&
    r.liteSizeError === undefined &&
    (r.liteRetrySize?.ok ?? true) &&
    r.liteRetrySizeError === undefined
  );
}

const kB = (n: number) => `${(n / 1024).toFixed(2)} KiB`;

export function renderPackageTable(reports: PackageReport[]): string {
  const mark = (c: Check) => (c.ok ? "ok" : "FAIL");
  const rows = [
    [
      "package",
      "publint",
      "attw",
      "publish",
      "metadata",
      "install",
      "bundle (min / gzip)",
      "limit",
      "",
      "lite (gzip)",
      "limit",
      "",
      "lite + withRetry",
      "limit",
      "",
    ],
  ];
  const sizeCells = (size: PackageReport["size"], error: string | undefined, minified: boolean): string[] => [
    size ? (minified ? `${kB(size.minified)} / ${kB(size.gzip)}` : kB(size.gzip)) : error ? "error" : "–",
    size ? kB(size.limit) : "",
    size && !size.ok ? `over by ${kB(size.gzip - size.limit)}` : error ? "FAIL" : "",
  ];
  for (const r of reports) {
    rows.push([
      r.name,
      mark(r.publint),
      mark(r.attw),
      mark(r.publish),
      mark(r.metadata),
      r.install ? mark(r.install) : "–",
      ...sizeCells(r.size, r.sizeError, true),
      ...sizeCells(r.liteSize, r.liteSizeError, false),
      ...sizeCells(r.liteRetrySize, r.liteRetrySizeError, false),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const table = rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
  const details: string[] = [];
  for (const r of reports) {
    const install = r.install ?? { ok: true, detail: "" };
    for (const [label, check] of [
      ["publint", r.publint],
      ["attw", r.attw],
      ["npm publish --dry-run (the packed tarball)", r.publish],
      ["metadata", r.metadata],
      ["npm install + import", install],
    ] as const) {
      if (check.detail.trim() && (!check.ok || label === "publint"))
        details.push(`${r.name}: ${label}${check.ok ? " (warnings)" : ""}:\n${indent(check.detail.trim())}`);
    }
    if (r.sizeError) details.push(`${r.name}: bundle size: ${r.sizeError}`);
    if (r.liteSizeError) details.push(`${r.name}: lite bundle size: ${r.liteSizeError}`);
    if (r.liteRetrySizeError) details.push(`${r.name}: lite + withRetry bundle size: ${r.liteRetrySizeError}`);
    for (const size of [r.size, r.liteSize, r.liteRetrySize])
      if (size && !size.ok)
        details.push(
          `${r.name}: bundle of ${size.entry} is ${kB(size.gzip)} gzipped, over the ${kB(size.limit)} limit`,
        );
  }
  return `${table}\n${details.length ? `\n${details.join("\n\n")}\n` : ""}`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}
