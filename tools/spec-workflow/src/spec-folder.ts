import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LoadedFile, loadFile, prepare, SpecError, specFolderConfig } from "@eventkit/codegen";

type Json = Record<string, unknown>;

/** Where one vendor's spec and client package live, as its spec package.json says. */
export interface SpecFolder {
  vendor: string;
  root: string;
  /** `specs/<vendor>`, relative to the root. */
  dir: string;
  documentName: string;
  overlayName: string;
  packageName: string;
  /** `packages/<vendor>`, relative to the root. */
  packageDir: string;
  version: string;
}

export function specFolder(root: string, vendor: string): SpecFolder {
  const dir = `specs/${vendor}`;
  const pkgPath = join(root, dir, "package.json");
  if (!existsSync(pkgPath)) throw new SpecError(`no spec folder for "${vendor}" (expected ${dir}/package.json)`, dir);
  const { vendor: name, documentName, overlayName } = specFolderConfig(join(root, dir));
  const packageDir = `packages/${name}`;
  const clientPkgPath = join(root, packageDir, "package.json");
  const clientPkg = existsSync(clientPkgPath) ? (JSON.parse(readFileSync(clientPkgPath, "utf8")) as Json) : {};
  return {
    vendor: name,
    root,
    dir,
    documentName,
    overlayName,
    packageName: typeof clientPkg.name === "string" ? clientPkg.name : `@eventkit/${name}`,
    packageDir,
    version: typeof clientPkg.version === "string" ? clientPkg.version : "0.1.0",
  };
}

/**
 * Parses a document's text exactly as the generator parses a file (same parser, same error
 * positions), under a name of our choosing: the source a user gave, or `ref:path`.
 */
export function loadText(text: string, fileName: string, display: string, path: string): LoadedFile {
  const dir = mkdtempSync(join(tmpdir(), "eventkit-spec-"));
  try {
    const file = join(dir, fileName);
    writeFileSync(file, text);
    try {
      return { ...loadFile(file), display, path };
    } catch (error) {
      if (error instanceof SpecError) throw new SpecError(error.message, display, error.line, error.column);
      throw error;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The document as the generator sees it: overlay applied, validated (strictly) and bundled. */
export async function prepareDocument(
  folder: SpecFolder,
  document: LoadedFile,
  overlay: LoadedFile | undefined,
  log?: (line: string) => void,
): Promise<Json> {
  // prepare() applies the overlay to the parsed value in place: give it copies.
  const copy = (f: LoadedFile): LoadedFile => ({ ...f, value: structuredClone(f.value) });
  const { bundled } = await prepare(
    {
      vendor: folder.vendor,
      document: copy(document),
      ...(overlay ? { overlay: copy(overlay) } : {}),
      source: folder.dir,
    },
    { strict: true, log: log ?? (() => {}) },
  );
  return bundled;
}
