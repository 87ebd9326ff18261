/**
 * The vendor wiring of `pnpm generate` (bin/wiring.mjs) on real files in a throwaway workspace: which
 * packages aggregate vendors is their own package.json's say, and a spec folder added or removed
 * adds or removes the dependency, keeping everything else of the file as it was.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { applyWiring, describePlan, orphanedPackages, planWiring, WiringError } from "../bin/wiring.mjs";

let root: string;

function write(rel: string, text: string): void {
  mkdirSync(join(root, rel, ".."), { recursive: true });
  writeFileSync(join(root, rel), text);
}
const writeJson = (rel: string, value: unknown, indent: string | number = 2) =>
  write(rel, `${JSON.stringify(value, null, indent)}\n`);
const read = (rel: string) => readFileSync(join(root, rel), "utf8");

/** A vendor as `pnpm generate` leaves it: a spec folder and a generated package naming it. */
function vendor(name: string): void {
  writeJson(`specs/${name}/package.json`, { name: `@eventkit/spec-${name}`, eventkit: { vendor: name } });
  writeJson(`packages/${name}/package.json`, { name: `@eventkit/${name}`, eventkit: { spec: `specs/${name}` } });
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "eventkit-wiring-"));
  write("pnpm-workspace.yaml", "packages:\n  - specs/*\n  - packages/*\n  - tools/*\n  - '!tools/ignored'\n");
  vendor("acme");
  vendor("zeta");
  writeJson("packages/runtime/package.json", { name: "@eventkit/runtime" });
  writeJson("packages/feed/package.json", {
    name: "@eventkit/feed",
    scripts: { registry: "tsx scripts/registry.ts" },
    dependencies: { "@eventkit/acme": "workspace:^", "@eventkit/runtime": "workspace:^", commander: "^14.0.1" },
    eventkit: { vendorDependencies: true, onVendorChange: "registry" },
  });
  writeJson(
    "tools/mocks/package.json",
    {
      name: "@eventkit/mocks",
      devDependencies: { "@eventkit/zeta": "workspace:^", yaml: "^2" },
      eventkit: { vendorDependencies: "devDependencies" },
    },
    "\t",
  );
  // Not an aggregator: its vendor dependency is its own business.
  writeJson("packages/app/package.json", { name: "app", dependencies: { "@eventkit/acme": "workspace:^" } });
});

describe("planWiring", () => {
  it("adds every vendor of specs/ to the packages that ask for them, and nothing else", () => {
    const plan = planWiring(root, ["acme", "zeta"]);
    expect(describePlan(plan)).toEqual([
      "packages/feed/package.json (dependencies): adds @eventkit/zeta",
      "tools/mocks/package.json (devDependencies): adds @eventkit/acme",
    ]);
    expect(plan.map((p) => p.script)).toEqual(["registry", undefined]);
  });

  it("keeps the file as it was around the change: key order, sorted dependencies, indentation", () => {
    applyWiring(planWiring(root, ["acme", "zeta"]));
    expect(read("packages/feed/package.json")).toBe(
      `${JSON.stringify(
        {
          name: "@eventkit/feed",
          scripts: { registry: "tsx scripts/registry.ts" },
          dependencies: {
            "@eventkit/acme": "workspace:^",
            "@eventkit/runtime": "workspace:^",
            "@eventkit/zeta": "workspace:^",
            commander: "^14.0.1",
          },
          eventkit: { vendorDependencies: true, onVendorChange: "registry" },
        },
        null,
        2,
      )}\n`,
    );
    expect(read("tools/mocks/package.json")).toContain(
      '\n\t"devDependencies": {\n\t\t"@eventkit/acme": "workspace:^",',
    );
    expect(planWiring(root, ["acme", "zeta"])).toEqual([]);
  });

  it("drops a vendor whose spec folder is gone, and a workspace link to a package no longer there", () => {
    rmSync(join(root, "specs/zeta"), { recursive: true });
    expect(describePlan(planWiring(root, ["acme"]))).toEqual([
      "tools/mocks/package.json (devDependencies): adds @eventkit/acme removes @eventkit/zeta",
    ]);
    rmSync(join(root, "packages/zeta"), { recursive: true });
    const plan = planWiring(root, ["acme"]);
    expect(plan.map((p) => [p.dir, p.removed])).toEqual([["tools/mocks", ["@eventkit/zeta"]]]);
  });

  it("reads pnpm-workspace.yaml in any YAML form, and refuses a pattern it cannot list", () => {
    write("pnpm-workspace.yaml", 'packages: ["specs/*", packages/*, tools/*] # flow style\n');
    expect(describePlan(planWiring(root, ["acme", "zeta"]))).toHaveLength(2);
    write("pnpm-workspace.yaml", "packages:\n  - specs/*\n  - packages/**\n");
    expect(() => planWiring(root, ["acme"])).toThrow(
      'pnpm-workspace.yaml: package pattern "packages/**" is not understood by the vendor wiring (use "dir" or "dir/*")',
    );
  });

  it("names a generated package whose spec folder is gone", () => {
    rmSync(join(root, "specs/zeta"), { recursive: true });
    expect(orphanedPackages(root)).toEqual([{ dir: "packages/zeta", name: "@eventkit/zeta", spec: "specs/zeta" }]);
  });

  it.each([
    [
      { vendorDependencies: "dependenciez" },
      /packages\/feed\/package\.json: eventkit\.vendorDependencies must be true or one of dependencies, /,
    ],
    [
      { vendorDependencies: true, onVendorChange: "nope" },
      /packages\/feed\/package\.json: eventkit\.onVendorChange must name one of its scripts \(got "nope"\)/,
    ],
  ])("refuses a declaration it cannot follow, naming the file: %j", (eventkit, message) => {
    writeJson("packages/feed/package.json", { name: "@eventkit/feed", eventkit });
    expect(() => planWiring(root, ["acme"])).toThrow(WiringError);
    expect(() => planWiring(root, ["acme"])).toThrow(message);
  });

  it("refuses a package.json that is not JSON, naming it", () => {
    write("packages/feed/package.json", '{ "name": "@eventkit/feed", }');
    expect(() => planWiring(root, ["acme"])).toThrow(/^packages\/feed\/package\.json: not valid JSON/);
  });
});

describe("applyWiring", () => {
  it("puts back what it wrote when a later file cannot be written", () => {
    const plan = planWiring(root, ["acme", "zeta"]);
    const before = read("packages/feed/package.json");
    // A folder where the second file's temporary copy goes (writeAtomically's name): even root cannot write it.
    mkdirSync(join(root, `tools/mocks/package.json.${process.pid}.tmp`));
    expect(() => applyWiring(plan)).toThrow(/EISDIR/);
    expect(read("packages/feed/package.json")).toBe(before);
  });

  it("returns what restores the files, as the install's failure needs", () => {
    const before = read("packages/feed/package.json");
    const restore = applyWiring(planWiring(root, ["acme", "zeta"]));
    expect(read("packages/feed/package.json")).not.toBe(before);
    restore();
    expect(read("packages/feed/package.json")).toBe(before);
  });
});
