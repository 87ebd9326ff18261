import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { SpecError } from "@eventkit/codegen";
import { resolveCommit, showFile } from "./git.js";
import type { SpecFolder } from "./spec-folder.js";

/** A version of a vendor's document, and the overlay that goes with it. */
export interface DocumentSource {
  kind: "file" | "url" | "git" | "working-tree";
  text: string;
  /** How messages name it: a path relative to the working directory, a URL, `ref:path`. */
  label: string;
  /** What provenance.json records as the source. */
  recorded: string;
  /** The overlay of that version: for a git ref, the overlay at the ref; else the working tree's. */
  overlay?: { text: string; label: string } | undefined;
}

const FETCH_TIMEOUT_MS = 60_000;

/** The directory a user typed paths relative to: pnpm runs root scripts in the root. */
export function userCwd(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/**
 * Reads `arg` as, in order: an http(s) URL, a file, or a git ref (the vendor's document at that
 * commit, `git show <ref>:specs/<vendor>/<document>`).
 */
export async function readSource(arg: string, folder: SpecFolder, cwd = userCwd()): Promise<DocumentSource> {
  if (/^https?:\/\//i.test(arg))
    return { kind: "url", text: await fetchText(arg), label: arg, recorded: arg, ...workingOverlay(folder) };
  const file = isAbsolute(arg) ? arg : resolve(cwd, arg);
  if (existsSync(file) && statSync(file).isFile()) {
    const shown = relative(process.cwd(), file);
    return {
      kind: "file",
      text: readFileSync(file, "utf8"),
      label: shown.startsWith("..") ? file : shown,
      recorded: relative(folder.root, file).startsWith("..") ? file : relative(folder.root, file),
      ...workingOverlay(folder),
    };
  }
  const commit = resolveCommit(folder.root, arg);
  if (commit) {
    const path = `${folder.dir}/${folder.documentName}`;
    const text = showFile(folder.root, commit, path);
    if (text === undefined)
      throw new SpecError(`${path} does not exist at ${arg} (${commit.slice(0, 12)})`, `${arg}:${path}`);
    const overlayPath = `${folder.dir}/${folder.overlayName}`;
    const overlay = showFile(folder.root, commit, overlayPath);
    return {
      kind: "git",
      text,
      label: `${arg}:${path}`,
      recorded: `git ${commit.slice(0, 12)}:${path}`,
      ...(overlay !== undefined ? { overlay: { text: overlay, label: `${arg}:${overlayPath}` } } : {}),
    };
  }
  throw new SpecError(`not a file, an http(s) URL or a git ref: ${arg}`, arg);
}

/** The document and overlay as they are on disk now. */
export function workingTree(folder: SpecFolder): DocumentSource {
  const path = join(folder.root, folder.dir, folder.documentName);
  if (!existsSync(path)) throw new SpecError("file not found", `${folder.dir}/${folder.documentName}`);
  const label = `${folder.dir}/${folder.documentName}`;
  return { kind: "working-tree", text: readFileSync(path, "utf8"), label, recorded: label, ...workingOverlay(folder) };
}

function workingOverlay(folder: SpecFolder): Pick<DocumentSource, "overlay"> {
  const path = join(folder.root, folder.dir, folder.overlayName);
  return existsSync(path)
    ? { overlay: { text: readFileSync(path, "utf8"), label: `${folder.dir}/${folder.overlayName}` } }
    : {};
}

async function fetchText(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { accept: "application/yaml, application/json, text/yaml, */*" },
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new SpecError(`could not fetch: ${(error as Error).message}${cause ? ` (${cause})` : ""}`, url);
  }
  if (!response.ok) throw new SpecError(`could not fetch: HTTP ${response.status} ${response.statusText}`, url);
  return response.text();
}
