import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Folders a snapshot leaves alone: installed, built or cached, never written by an update. */
const SKIPPED = new Set(["node_modules", "dist", ".turbo"]);

/**
 * The bytes of some files and folders, to put back exactly as they were when an update fails.
 * A path that did not exist is recorded as absent and removed again on restore.
 */
export class Snapshot {
  private readonly files = new Map<string, Buffer | null>();
  private readonly folders: string[] = [];

  constructor(paths: string[]) {
    for (const path of paths) this.take(path);
  }

  private take(path: string): void {
    if (!existsSync(path)) {
      this.files.set(path, null);
      return;
    }
    if (!statSync(path).isDirectory()) {
      this.files.set(path, readFileSync(path));
      return;
    }
    this.folders.push(path);
    for (const name of readdirSync(path)) if (!SKIPPED.has(name)) this.take(join(path, name));
  }

  restore(): void {
    for (const folder of this.folders) mkdirSync(folder, { recursive: true });
    for (const folder of this.folders) this.removeUnknown(folder);
    for (const [path, bytes] of this.files) {
      if (bytes === null) {
        rmSync(path, { recursive: true, force: true });
      } else if (!existsSync(path) || !readFileSync(path).equals(bytes)) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, bytes);
      }
    }
  }

  private removeUnknown(folder: string): void {
    if (!existsSync(folder)) return;
    for (const name of readdirSync(folder)) {
      if (SKIPPED.has(name)) continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory() && this.folders.includes(path)) this.removeUnknown(path);
      else if (!this.files.has(path)) rmSync(path, { recursive: true, force: true });
    }
  }
}
