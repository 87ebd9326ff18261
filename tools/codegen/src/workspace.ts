import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The workspace root: the nearest folder above `from` holding pnpm-workspace.yaml. */
export function findRoot(from = process.cwd()): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no pnpm-workspace.yaml above ${from}: run inside the eventkit workspace`);
    dir = up;
  }
  return dir;
}

/** Vendors are the folders of specs/ that hold a package.json. */
export function listVendors(root: string): string[] {
  const specs = join(root, "specs");
  if (!existsSync(specs)) return [];
  return readdirSync(specs, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(specs, d.name, "package.json")))
    .map((d) => d.name)
    .sort();
}
