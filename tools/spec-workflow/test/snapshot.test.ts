import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { Snapshot } from "../src/snapshot.js";
import { treeDigest } from "./helpers/repo.js";

it("puts files and folders back byte for byte, removing what was added and leaving installed folders alone", () => {
  const root = mkdtempSync(join(tmpdir(), "eventkit-snapshot-"));
  const put = (rel: string, text: string) => {
    mkdirSync(join(root, rel, ".."), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  put("pkg/src/generated/schema.ts", "old schema\n");
  put("pkg/src/index.ts", "export {};\n");
  put("pkg/package.json", "{}\n");
  put("spec/openapi.yaml", "openapi: 3.0.3\n");
  const before = treeDigest(root);
  const snapshot = new Snapshot([join(root, "pkg"), join(root, "spec/openapi.yaml"), join(root, "changes/new.md")]);

  rmSync(join(root, "pkg/src/generated"), { recursive: true });
  put("pkg/src/generated/client.ts", "new client\n");
  put("pkg/package.json", '{ "version": "9.9.9" }\n');
  put("spec/openapi.yaml", "openapi: 3.1.0\n");
  put("changes/new.md", "a changeset\n");
  put("pkg/node_modules/dep/index.js", "installed meanwhile\n");
  expect(treeDigest(root)).not.toEqual(before);

  snapshot.restore();
  expect(treeDigest(root)).toEqual(before);
  expect(existsSync(join(root, "pkg/node_modules/dep/index.js"))).toBe(true);
  rmSync(root, { recursive: true, force: true });
});
