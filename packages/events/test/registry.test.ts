import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { registrySource } from "../scripts/registry.js";
import { VENDORS } from "../src/index.js";

it("the vendor registry is what package.json's dependencies give (else: pnpm --filter @eventkit/events registry)", () => {
  expect(readFileSync(join(import.meta.dirname, "../src/generated/vendors.ts"), "utf8")).toBe(registrySource());
});

it("every vendor package with a feed takes part, and nothing else", () => {
  const deps = Object.keys(
    (
      JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      }
    ).dependencies,
  );
  expect([...VENDORS].sort()).toEqual(
    deps
      .filter((d) => d.startsWith("@eventkit/") && d !== "@eventkit/runtime")
      .map((d) => d.slice("@eventkit/".length))
      .sort(),
  );
});
