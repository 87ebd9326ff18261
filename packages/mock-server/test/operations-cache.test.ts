/**
 * Prism's operations of a document are computed once and kept on disk by the document's digest:
 * each start here is a fresh process (as a test run, the CLI or a bench is), sharing one cache folder.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const MOCK = fileURLToPath(new URL("../src/mock.ts", import.meta.url));
const TSX = fileURLToPath(new URL("../node_modules/tsx/dist/esm/index.mjs", import.meta.url));

/** Starts a mock of `spec` in a new process, asks it for /things once, and prints the body. */
const CHILD = `
const { startMock } = await import(${JSON.stringify(MOCK)});
const mock = await startMock({ spec: process.argv[1] });
const response = await fetch(mock.url + "/things");
console.log(JSON.stringify({ status: response.status, body: await response.json() }));
await mock.close();
`;

function startOnce(spec: string, cache: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", TSX, "--input-type=module", "-e", CHILD, spec], {
      env: { ...process.env, EVENTKIT_MOCK_CACHE: cache },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").pop()!) as { status: number; body: unknown })
        : reject(new Error(`exit ${code}: ${err}`)),
    );
  });
}

const spec = (name: string) => `openapi: 3.0.3
info: { title: tiny, version: "1" }
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Thing" }
              example: { name: ${name} }
components:
  schemas:
    Thing: { type: object, properties: { name: { type: string } } }
`;

describe("the operations cache", () => {
  it("is written once, read back to the same answers, survives a damaged file, and keeps one file per document", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eventkit-ops-cache-"));
    const cache = join(dir, "cache");
    const file = join(dir, "tiny.yaml");
    writeFileSync(file, spec("first"));
    const files = () => readdirSync(cache).filter((f) => f.endsWith(".json"));

    const cold = await startOnce(file, cache);
    expect(cold).toEqual({ status: 200, body: { name: "first" } });
    expect(files()).toHaveLength(1);
    const stored = join(cache, files()[0]!);
    expect(JSON.parse(readFileSync(stored, "utf8"))).toHaveLength(1);

    expect(await startOnce(file, cache)).toEqual(cold);

    writeFileSync(stored, readFileSync(stored, "utf8").slice(0, 40));
    expect(await startOnce(file, cache)).toEqual(cold);
    expect(JSON.parse(readFileSync(stored, "utf8"))).toHaveLength(1);

    writeFileSync(file, spec("second"));
    expect(await startOnce(file, cache)).toEqual({ status: 200, body: { name: "second" } });
    expect(files()).toHaveLength(1);
    expect(files()[0]).not.toBe(stored.split("/").pop());
  });
});
