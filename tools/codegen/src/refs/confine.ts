import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";

/**
 * The folders a spec's `$ref`s may read: the spec folder, plus any its package.json lists in
 * `eventkit.refRoots`. A spec is input from outside, and whatever a `$ref` reads is inlined
 * into generated code: a `$ref` must not read /etc/passwd, a file beside the spec folder or
 * anything on the network.
 */
export class RefScope {
  private readonly real: string[];

  constructor(readonly roots: readonly string[]) {
    this.real = roots.map((root) => (existsSync(root) ? realpathSync(root) : resolve(root)));
  }

  private inside(path: string, roots: readonly string[]): boolean {
    return roots.some((root) => {
      const rel = relative(root, path);
      return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
    });
  }

  /**
   * The real path of the file that `uri` (the part of a `$ref` before `#`) names from `base`
   * (the file holding the `$ref`), or why it may not be read. Nothing outside the roots is
   * touched, not even to see whether it exists.
   */
  file(uri: string, base: string): { path: string; problem?: undefined } | { problem: string } {
    if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith("//")) {
      return {
        problem:
          "is a URL: the generator never fetches anything; save the file in the spec folder and refer to it by its relative path",
      };
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(uri);
    } catch {
      return { problem: "has a malformed %-escape" };
    }
    const target = resolve(dirname(base), decoded);
    if (!this.inside(target, [...this.roots, ...this.real])) {
      return {
        problem: `points outside the spec folder (${this.roots.join(", ")}): refer to files inside it, or list the folder in the spec package's "eventkit": { "refRoots": [...] }`,
      };
    }
    if (!existsSync(target)) return { problem: `points at a file that does not exist (${target})` };
    const real = realpathSync(target);
    if (!this.inside(real, this.real))
      return { problem: `leads outside the spec folder through a symbolic link (to ${real})` };
    if (!statSync(real).isFile()) return { problem: `points at ${real}, which is not a file` };
    return { path: real };
  }
}
