/**
 * known-failures.json: the full document's tests that fail, each with its cause (the vendor's
 * document, the mock, or our request builder) and the defect. Each is expected to fail (it.fails),
 * so one that passes shows and must leave the list.
 */
import { readFileSync } from "node:fs";

export interface KnownFailure {
  readonly operationId: string;
  /** Which test: the contract test with examples or generated data, or the scenario listing (pagination.test.ts). */
  readonly data: "example" | "dynamic" | "scenario";
  readonly cause: "vendor" | "mock" | "ours";
  readonly defect: string;
  /** For generated data: the seeds it fails with (default every seed). */
  readonly seeds?: readonly number[];
}

export const known: readonly KnownFailure[] = (
  JSON.parse(readFileSync(new URL("./known-failures.json", import.meta.url), "utf8")) as { entries: KnownFailure[] }
).entries;

export function knownFailure(operationId: string, data: KnownFailure["data"], seed?: number): KnownFailure | undefined {
  return known.find(
    (k) =>
      k.operationId === operationId &&
      k.data === data &&
      (k.seeds === undefined || seed === undefined || k.seeds.includes(seed)),
  );
}
