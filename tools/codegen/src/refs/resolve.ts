import { existsSync, realpathSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import type { SpecError } from "../errors.js";
import { errorAt, type LoadedFile, loadFile } from "../stages/load.js";
import { RefScope } from "./confine.js";

type Path = (string | number)[];
type RefNode = { $ref: string } & Record<string, unknown>;

const isRef = (node: unknown): node is RefNode =>
  node !== null && typeof node === "object" && typeof (node as RefNode).$ref === "string";

/** Where a node is written. */
interface Place {
  file: LoadedFile;
  path: Path;
}

/** A `$ref` being followed: its pointer's segments, walked one by one. */
interface Frame {
  ref: RefNode;
  file: LoadedFile;
  segments: string[];
  i: number;
  node: unknown;
  pointer: string[];
  /** Whether the way went through another `$ref`. */
  hops: boolean;
}

/** Where a `$ref` ends: the first node on its way that is not itself a `$ref`. */
interface Target {
  file: LoadedFile;
  pointer: string[];
  node: unknown;
}

export interface Shortcut {
  node: RefNode;
  written: string;
  direct: string;
}

export interface ResolvedRefs {
  /** Files read for `$ref`s, by their absolute paths as written and as real paths. */
  files: Map<string, LoadedFile>;
  /** Each `$ref` that reaches its target only through other `$ref`s, with the direct way there. */
  shortcuts: Shortcut[];
  /** `externalValue`s of examples, with the file that holds each. */
  externalValues: { value: string; place: Place }[];
}

/** `#/a/b~1c` → ["a", "b/c"]; `#name` is a `$anchor`. */
function fragmentOf(ref: string): { uri: string; pointer?: string[]; anchor?: string } {
  const hash = ref.indexOf("#");
  const uri = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? "" : ref.slice(hash + 1);
  if (fragment === "" || fragment === "/") return { uri, pointer: [] };
  if (!fragment.startsWith("/")) return { uri, anchor: unescapeSegment(fragment) };
  return { uri, pointer: fragment.slice(1).split("/").map(unescapeSegment) };
}

function unescapeSegment(segment: string): string {
  const decoded = segment.includes("%") ? decodeURIComponent(segment) : segment;
  return decoded.includes("~") ? decoded.replace(/~1/g, "/").replace(/~0/g, "~") : decoded;
}

/** ["paths", "/items/{id}"] → `#/paths/~1items~1{id}`: readable, and read back as written by us and by Redocly. */
const encodePointer = (segments: readonly (string | number)[]) =>
  `#/${segments.map((s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1").replace(/%/g, "%25").replace(/#/g, "%23")).join("/")}`;

/**
 * Reads every `$ref` of a document once, in time linear in the document and the files it
 * names: each `$ref`'s target is cached, so a chain of `$ref`s is followed once, not once per
 * link (Redocly's resolver follows each chain again from every link, and checks for cycles by
 * walking the chain: a 3,000-long chain took minutes and gigabytes). Files are read only
 * inside the scope, with the loader's limits. Every problem names the file, line and column
 * of the `$ref`.
 */
export function resolveRefs(document: LoadedFile, roots: readonly string[]): ResolvedRefs {
  return new RefGraph(document, new RefScope(roots)).resolveAll();
}

class RefGraph {
  private readonly files = new Map<string, LoadedFile>();
  private readonly places = new Map<object, Place>();
  private readonly anchors = new Map<LoadedFile, Map<string, { node: object; path: Path }>>();
  private readonly sites: RefNode[] = [];
  private readonly externalValues: ResolvedRefs["externalValues"] = [];
  private readonly resolved = new Map<object, Target & { hops: boolean }>();
  private readonly rootDir: string;
  private readonly documentPath: string;

  constructor(
    private readonly document: LoadedFile,
    private readonly scope: RefScope,
  ) {
    this.rootDir = dirname(document.path);
    this.documentPath = existsSync(document.path) ? realpathSync(document.path) : resolve(document.path);
    this.walk(document);
  }

  resolveAll(): ResolvedRefs {
    // Sites grow while external files are read.
    for (let i = 0; i < this.sites.length; i++) this.resolve(this.sites[i]!);
    const shortcuts: Shortcut[] = [];
    for (const node of this.sites) {
      const target = this.resolved.get(node)!;
      if (!target.hops) continue;
      const from = this.places.get(node)!.file;
      const file = target.file === from ? "" : relative(dirname(from.path), target.file.path);
      shortcuts.push({ node, written: node.$ref, direct: `${file}${encodePointer(target.pointer)}` });
    }
    return { files: this.files, shortcuts, externalValues: this.externalValues };
  }

  /**
   * Records every `$ref`, `$anchor` and `externalValue` of a file. A node a YAML alias repeats
   * is walked again: the loader has bounded what aliases add, and keeps no cycles.
   */
  private walk(file: LoadedFile): void {
    const anchors = new Map<string, { node: object; path: Path }>();
    this.anchors.set(file, anchors);
    const path: Path = [];
    const visit = (node: Record<string, unknown>) => {
      if (typeof node.$ref === "string" && !this.places.has(node)) {
        this.places.set(node, { file, path: [...path] });
        this.sites.push(node as RefNode);
      }
      if (typeof node.$anchor === "string") anchors.set(node.$anchor, { node, path: [...path] });
      if (typeof node.externalValue === "string")
        this.externalValues.push({ value: node.externalValue, place: { file, path: [...path, "externalValue"] } });
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const child: unknown = node[i];
          if (child === null || typeof child !== "object") continue;
          path.push(i);
          visit(child as Record<string, unknown>);
          path.pop();
        }
        return;
      }
      for (const key in node) {
        const child = node[key];
        if (child === null || typeof child !== "object") continue;
        path.push(key);
        visit(child as Record<string, unknown>);
        path.pop();
      }
    };
    if (file.value !== null && typeof file.value === "object") visit(file.value as Record<string, unknown>);
  }

  /** How messages name a place: `#/components/schemas/A`, or `common.yaml#/A` in another file. */
  private label(place: Place): string {
    return `${place.file === this.document ? "" : this.fileLabel(place.file)}${encodePointer(place.path)}`;
  }

  private fileLabel(file: LoadedFile): string {
    return file === this.document ? basename(file.path) : relative(this.rootDir, file.path);
  }

  private fail(node: RefNode, message: string): SpecError {
    const place = this.places.get(node)!;
    return errorAt(place.file, [...place.path, "$ref"], message);
  }

  /** The file a `$ref` names from the file that holds it, read once. */
  private fileOf(node: RefNode, uri: string): LoadedFile {
    const place = this.places.get(node)!;
    if (uri === "") return place.file;
    const found = this.scope.file(uri, place.file.path);
    if (found.problem !== undefined) throw this.fail(node, `$ref "${node.$ref}" ${found.problem}`);
    let file = this.files.get(found.path);
    if (!file) {
      file = found.path === this.documentPath ? this.document : loadFile(found.path);
      this.files.set(found.path, file);
      if (file !== this.document) this.walk(file);
    }
    // Redocly looks files up by the path as written (encoded or not) from the file's folder.
    const base = dirname(place.file.path);
    this.files.set(resolve(base, uri), file);
    this.files.set(resolve(base, decodeURIComponent(uri)), file);
    return file;
  }

  /**
   * Follows one `$ref` to its target. A `$ref` met on the way (as the target, or part-way
   * along a pointer, as Redocly allows) is resolved first, on an explicit stack: a chain
   * 50,000 long does not overflow the call stack. A `$ref` met again while it is being
   * resolved closes a cycle.
   */
  private resolve(start: RefNode): void {
    if (this.resolved.has(start)) return;
    const stack = this.stack;
    this.open(start);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (!this.advance(frame)) continue;
      this.resolved.set(frame.ref, { file: frame.file, pointer: frame.pointer, node: frame.node, hops: frame.hops });
      this.active.delete(frame.ref);
      stack.pop();
    }
  }

  private readonly stack: Frame[] = [];
  private readonly active = new Set<object>();

  private open(ref: RefNode): void {
    if (this.active.has(ref)) {
      const from = this.stack.findIndex((f) => f.ref === ref);
      const cycle = [
        ...this.stack.slice(from).map((f) => this.label(this.places.get(f.ref)!)),
        this.label(this.places.get(ref)!),
      ];
      throw this.fail(
        ref,
        `$ref cycle: ${cycle.join(" → ")}: each is only a $ref to the next, so none of them reaches a definition`,
      );
    }
    let parts: ReturnType<typeof fragmentOf>;
    try {
      parts = fragmentOf(ref.$ref);
    } catch {
      throw this.fail(ref, `$ref "${ref.$ref}" has a malformed %-escape`);
    }
    const file = this.fileOf(ref, parts.uri);
    const frame: Frame = { ref, file, segments: parts.pointer ?? [], i: 0, node: file.value, pointer: [], hops: false };
    if (parts.anchor !== undefined) {
      const anchor = this.anchors.get(file)?.get(parts.anchor);
      if (!anchor)
        throw this.fail(
          ref,
          `$ref "${ref.$ref}" points at nothing: ${this.fileLabel(file)} has no $anchor "${parts.anchor}"`,
        );
      frame.node = anchor.node;
      frame.pointer = anchor.path.map(String);
    }
    this.active.add(ref);
    this.stack.push(frame);
  }

  /**
   * Walks a frame's pointer. Returns true at its target; false when a `$ref` on the way had
   * to be opened first (the frame resumes once that one is resolved).
   */
  private advance(frame: Frame): boolean {
    for (;;) {
      const atEnd = frame.i === frame.segments.length;
      const segment = frame.segments[frame.i]!;
      const node = frame.node as Record<string, unknown> | null;
      if (
        !atEnd &&
        node !== null &&
        typeof node === "object" &&
        Object.hasOwn(node, segment) &&
        (!Array.isArray(node) || /^(0|[1-9][0-9]*)$/.test(segment))
      ) {
        frame.node = node[segment];
        frame.pointer.push(segment);
        frame.i++;
      } else if (isRef(node)) {
        const done = this.resolved.get(node);
        if (!done) {
          this.open(node);
          return false;
        }
        frame.file = done.file;
        frame.node = done.node;
        frame.pointer = [...done.pointer];
        frame.hops = true;
      } else if (atEnd) {
        return true;
      } else {
        const within = frame.pointer.length ? ` in ${encodePointer(frame.pointer)}` : "";
        throw this.fail(
          frame.ref,
          `$ref "${frame.ref.$ref}" points at nothing: ${this.fileLabel(frame.file)} has no "${segment}"${within}`,
        );
      }
    }
  }
}
