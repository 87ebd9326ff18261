/**
 * Prism turns a document into its operations by dereferencing it, breaking cycles and transforming
 * every operation: 3.6 s of CPU for the full Datadog v2 document (912 operations), paid again for
 * every server a test run starts (a mock, a dynamic mock, a scenario per test). The result depends
 * on the document and Prism's version only, so it is kept per document digest: in memory for the
 * process (every server of one spec shares one array; Prism only reads it), and on disk across
 * processes as JSON, which parses in a tenth of the time. A cache file that cannot be read or
 * parsed is ignored and rewritten; one that cannot be written costs only the next start.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Bumped when what is stored changes shape. */
const FORMAT = 1;

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** A package's version, from the package.json above its entry point (some packages do not export it). */
function versionOf(name: string, from: NodeJS.Require): string {
  for (let dir = dirname(from.resolve(name)); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
    if (pkg.name === name) return pkg.version ?? "?";
  }
  return "?";
}

/** What turns a document into operations: Prism's HTTP package and the two it does it with. */
function prismVersion(): string {
  const fromHere = createRequire(join(packageDir, "package.json"));
  const fromPrism = createRequire(fromHere.resolve("@stoplight/prism-http"));
  return ["@stoplight/prism-http", "@stoplight/http-spec", "@stoplight/json-schema-ref-parser"]
    .map((name, i) => `${name}@${versionOf(name, i === 0 ? fromHere : fromPrism)}`)
    .join(" ");
}

let salt: string | undefined;

/** The digest of a document's text (or its JSON) together with what turns it into operations. */
export function documentDigest(text: string): string {
  salt ??= `${FORMAT}\0${prismVersion()}\0`;
  return createHash("sha256").update(salt).update(text).digest("hex");
}

/** `EVENTKIT_MOCK_CACHE` names the folder, `off` turns the disk cache off; default: this package's node_modules/.cache. */
function cacheDir(): string | undefined {
  const setting = process.env.EVENTKIT_MOCK_CACHE;
  if (setting === "off") return undefined;
  return setting || join(packageDir, "node_modules/.cache/eventkit-mock-server");
}

const inMemory = new Map<string, Promise<unknown[]>>();

/**
 * The operations of the document with this digest: from memory, else from disk, else computed
 * (and stored). `name` (the spec's source) names the file, so that a new version of a document
 * replaces the files of its older ones instead of adding to them.
 */
export function cachedOperations<T>(name: string, digest: string, compute: () => Promise<T[]>): Promise<T[]> {
  let pending = inMemory.get(digest) as Promise<T[]> | undefined;
  if (!pending) {
    const prefix = `operations-${name.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80)}-`;
    pending =
      fromDisk<T>(prefix, digest) ??
      compute().then((operations) => {
        toDisk(prefix, digest, operations);
        return operations;
      });
    inMemory.set(digest, pending);
    // A failure is reported to its caller and not remembered: the next start tries again.
    pending.catch(() => inMemory.delete(digest));
  }
  return pending;
}

function fromDisk<T>(prefix: string, digest: string): Promise<T[]> | undefined {
  const dir = cacheDir();
  const file = dir && join(dir, `${prefix}${digest}.json`);
  if (!file || !existsSync(file)) return undefined;
  try {
    const operations = JSON.parse(readFileSync(file, "utf8")) as unknown;
    if (Array.isArray(operations) && operations.length > 0) return Promise.resolve(operations as T[]);
  } catch {
    // Truncated or edited: computed again and rewritten below.
  }
  return undefined;
}

function toDisk(prefix: string, digest: string, operations: unknown[]): void {
  const dir = cacheDir();
  if (!dir) return;
  const file = join(dir, `${prefix}${digest}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify(operations));
    renameSync(tmp, file);
    for (const old of readdirSync(dir))
      if (old.startsWith(prefix) && old.endsWith(".json") && join(dir, old) !== file)
        rmSync(join(dir, old), { force: true });
  } catch {
    rmSync(tmp, { force: true });
  }
}
