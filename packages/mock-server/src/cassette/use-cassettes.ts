import { startMock } from "../mock.js";
import { assertNoViolations, type ViolationRecord } from "../violations.js";
import type { ReplayMiss } from "./replay.js";

export interface CassetteReplay {
  /** The base URL to give the client. */
  readonly url: string;
  /** Exchanges in which Prism found the recording at odds with the spec. */
  violations(): readonly ViolationRecord[];
  misses(): readonly ReplayMiss[];
}

/**
 * A cassette test in one line: `const replay = await useCassettes("opal", "specs/opal/recordings")`.
 * Serves the folder through Prism's validating proxy for the current test file; after it, a request
 * without a recording or an error-severity violation fails the file, and the server is closed.
 */
export async function useCassettes(vendor: string, dir: string): Promise<CassetteReplay> {
  const { afterAll } = await import("vitest");
  const records: ViolationRecord[] = [];
  const mock = await startMock(
    { vendor },
    {
      replay: dir,
      onRequest: (e) => {
        if (e.violations.length)
          records.push({ method: e.method, path: e.path, status: e.status, violations: e.violations });
      },
    },
  );
  afterAll(async () => {
    try {
      const misses = mock.misses!();
      if (misses.length)
        throw new Error(
          `${vendor}: ${misses.length} request(s) with no recording in ${dir}:\n${misses.map((m) => `  ${m.method} ${m.path} (nearest: ${m.nearest.join("; ") || "none"})`).join("\n")}`,
        );
      assertNoViolations(records, `${vendor} cassettes in ${dir}`);
    } finally {
      await mock.close();
    }
  });
  return { url: mock.url, violations: () => [...records], misses: () => mock.misses!() };
}
