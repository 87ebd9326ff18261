import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSource, specFolder } from "../src/index.js";
import { git, removeTree } from "./helpers/repo.js";
import { cli, commitAll, demoWorkspace, fixture, setDocument, write } from "./helpers/workspace.js";

let server: Server;
let base: string;
let root: string;

beforeAll(async () => {
  // The vendor's server, on loopback: the only network a test may use.
  server = createServer((req, res) => {
    if (req.url === "/openapi.yaml") {
      res.writeHead(200, { "content-type": "application/yaml" }).end(fixture("new-optional-parameter", "after"));
    } else {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  root = demoWorkspace();
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  removeTree(root);
});

describe("reading a candidate document", () => {
  it("fetches an http URL and records the URL", async () => {
    const source = await readSource(`${base}/openapi.yaml`, specFolder(root, "demo"));
    expect(source).toMatchObject({ kind: "url", label: `${base}/openapi.yaml`, recorded: `${base}/openapi.yaml` });
    expect(source.text).toBe(fixture("new-optional-parameter", "after"));
  });

  it("fails on an HTTP error, naming the URL", async () => {
    await expect(readSource(`${base}/missing.yaml`, specFolder(root, "demo"))).rejects.toThrow(
      /could not fetch: HTTP 404/,
    );
  });

  it("reads a path relative to where the user ran the command", async () => {
    write(root, "downloads/new.yaml", fixture("new-operation", "after"));
    const source = await readSource("new.yaml", specFolder(root, "demo"), join(root, "downloads"));
    expect(source).toMatchObject({ kind: "file", recorded: "downloads/new.yaml" });
    expect(source.text).toBe(fixture("new-operation", "after"));
  });

  it("reads the document and overlay at a git ref", async () => {
    const repo = demoWorkspace();
    write(repo, "specs/demo/overlay.yaml", "overlay: 1.0.0\ninfo: { title: t, version: '1' }\nactions: []\n");
    setDocument(repo, fixture("removed-field", "after"));
    commitAll(repo, "vendor removed price");
    const source = await readSource("HEAD~1", specFolder(repo, "demo"));
    expect(source).toMatchObject({ kind: "git", label: "HEAD~1:specs/demo/openapi.yaml" });
    expect(source.text).toBe(fixture("unchanged", "before"));
    // The overlay did not exist at HEAD~1.
    expect(source.overlay).toBeUndefined();
    expect((await readSource("HEAD", specFolder(repo, "demo"))).overlay?.label).toBe("HEAD:specs/demo/overlay.yaml");
    removeTree(repo);
  });

  it("says what it tried when the argument is none of these", async () => {
    await expect(readSource("no-such-thing", specFolder(root, "demo"))).rejects.toThrow(
      /not a file, an http\(s\) URL or a git ref: no-such-thing/,
    );
  });
});

describe("spec:diff", () => {
  it("prints the classified report for a URL and changes nothing", async () => {
    const run = await cli(root, "spec-diff", ["demo", `${base}/openapi.yaml`]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("@eventkit/demo: specs/demo/openapi.yaml → http://127.0.0.1:");
    expect(run.stdout).toContain("Bump: patch (0.1.0 → 0.1.1)");
    expect(run.stdout).toMatch(/^- `GET \/items` \(`listItems`\): new optional query parameter `cursor`\.$/m);
    expect(git(root, ["status", "--porcelain", "--untracked-files=no"])).toBe("");
  });

  it("compares HEAD with the working tree when given no candidate, and prints JSON on request", async () => {
    const repo = demoWorkspace();
    setDocument(repo, fixture("removed-operation", "after"));
    const run = await cli(repo, "spec-diff", ["demo", "--json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      bump: { bump: string };
      changes: { class: string; what: string; operation?: { operationId?: string } }[];
    };
    expect(report.bump.bump).toBe("minor");
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        class: "breaking",
        what: "operation removed",
        operation: expect.objectContaining({ operationId: "getItem" }),
      }),
    );
    removeTree(repo);
  });

  it("with no change says so, proposes no bump, and --changeset writes nothing", async () => {
    const repo = demoWorkspace();
    const run = await cli(repo, "spec-diff", ["demo", "--changeset"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("no change to the API after our overlay");
    expect(run.stdout).toContain("Bump: none (stays 0.1.0)");
    expect(run.stdout).not.toMatch(/\b(patch|minor|major)\b/);
    expect(run.stderr).toContain("No changeset written");
    expect(git(repo, ["status", "--porcelain"])).toBe("");
    removeTree(repo);
  });

  it("reports an invalid candidate at its file and line, and exits 1", async () => {
    write(root, "broken.yaml", fixture("unchanged", "before").replace("  /items:\n", "  /items:\n   bad: [unclosed\n"));
    const run = await cli(root, "spec-diff", ["demo", join(root, "broken.yaml")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*broken\.yaml:\d+:\d+: invalid YAML/m);
  });
});
