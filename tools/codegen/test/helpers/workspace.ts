import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const FIXTURES = join(import.meta.dirname, "../fixtures");

/** A throwaway workspace holding one fixture as `specs/<vendor>`. */
export function tempWorkspace(fixture: string, vendor = fixture): string {
  const root = mkdtempSync(join(tmpdir(), "eventkit-codegen-"));
  writeFileSync(join(root, "pnpm-workspace.yaml"), "packages:\n  - specs/*\n  - packages/*\n");
  cpSync(join(FIXTURES, fixture), join(root, "specs", vendor), { recursive: true });
  return root;
}

/** Every file under `dir` with the sha256 of its bytes, to prove a failed run changed nothing. */
export function treeDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else out[`${prefix}${name}`] = createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  walk(dir, "");
  return out;
}
