/**
 * Writes the overlaid, bundled document of every folder in specs/ to dist/specs/<vendor>.json and
 * their list to dist/specs/index.json, so that the published package serves them without the
 * (private) generator. The folder is built aside and swapped in: a failed run keeps the last good one.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findRoot, listVendors, loadSpecFolder, prepare, SpecError } from "@eventkit/codegen";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = findRoot(packageDir);
const out = join(packageDir, "dist", "specs");
const staging = `${out}.partial`;

async function main(): Promise<void> {
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const vendors: string[] = [];
  for (const folderName of listVendors(root)) {
    const folder = loadSpecFolder(join(root, "specs", folderName));
    const input = { vendor: folder.vendor, document: folder.document, overlay: folder.overlay, source: `specs/${folderName}` };
    const { bundled } = await prepare(input, { strict: true, log: (line) => console.warn(line) });
    writeFileSync(join(staging, `${folder.vendor}.json`), `${JSON.stringify(bundled, null, 2)}\n`);
    vendors.push(folder.vendor);
  }
  writeFileSync(join(staging, "index.json"), `${JSON.stringify({ vendors }, null, 2)}\n`);
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
  console.log(`mock-server: wrote ${vendors.length} specs to dist/specs (${vendors.join(", ")})`);
}

main().catch((error: unknown) => {
  rmSync(staging, { recursive: true, force: true });
  console.error(error instanceof SpecError ? `mock-server: ${error.toString()}` : error);
  process.exitCode = 1;
});
