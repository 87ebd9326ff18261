import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childEnv } from "../child-env.js";
import type { Check } from "./package-checks.js";

/**
 * Installs the packed tarballs into a new project outside the workspace, with npm, and imports
 * and requires each package from there: what a user of the published packages gets, with no workspace links.
 * Each `@eventkit/*` dependency between them resolves to its tarball (npm `overrides`), since
 * none is on the registry.
 */
export function installAsConsumer(packed: readonly { name: string; tarball: string }[]): Map<string, Check> {
  const results = new Map<string, Check>();
  const dir = mkdtempSync(join(tmpdir(), "eventkit-consumer-"));
  try {
    const dependencies = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
    const overrides = Object.fromEntries(packed.map((p) => [p.name, `$${p.name}`]));
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "eventkit-consumer", private: true, type: "module", dependencies, overrides }, null, 2),
    );
    const install = spawnSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", "--no-package-lock"],
      { cwd: dir, encoding: "utf8", env: childEnv(), maxBuffer: 64 * 1024 * 1024 },
    );
    if (install.status !== 0) {
      const detail = `npm install of the packed tarballs failed:\n${install.stdout}${install.stderr}`;
      for (const p of packed) results.set(p.name, { ok: false, detail });
      return results;
    }
    // Each package is loaded both ways a consumer can: import() from an ES module, and require()
    // from a CommonJS file (Node >= 20.19 loads the ES module through the `default` condition).
    const cjs = join(dir, "probe.cjs");
    writeFileSync(
      cjs,
      'const m = require(process.argv[2]); if (Object.keys(m).length === 0) throw new Error("no exports");\n',
    );
    for (const { name } of packed) {
      // A package that exports its OpenAPI document (the vendor clients) must ship it readable.
      const documentProbe = `const { createRequire } = await import("node:module"); const pkg = JSON.parse((await import("node:fs")).readFileSync(${JSON.stringify(`node_modules/${name}/package.json`)}, "utf8")); if (pkg.exports?.["./openapi.json"] && typeof createRequire(process.cwd() + "/")(${JSON.stringify(`${name}/openapi.json`)}).openapi !== "string") throw new Error("openapi.json is not an OpenAPI document");`;
      const probe = `const m = await import(${JSON.stringify(name)}); if (Object.keys(m).length === 0) throw new Error("no exports"); ${documentProbe}`;
      const imported = spawnSync(process.execPath, ["--input-type=module", "-e", probe], {
        cwd: dir,
        encoding: "utf8",
        env: childEnv(),
      });
      const required = spawnSync(process.execPath, [cjs, name], { cwd: dir, encoding: "utf8", env: childEnv() });
      const failures = [
        imported.status === 0 ? "" : `import("${name}") from an npm-installed project failed:\n${imported.stderr}`,
        required.status === 0
          ? ""
          : `require("${name}") from a CommonJS file in an npm-installed project failed:\n${required.stderr}`,
      ].filter(Boolean);
      results.set(name, { ok: failures.length === 0, detail: failures.join("\n") });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
