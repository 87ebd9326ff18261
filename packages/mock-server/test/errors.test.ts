/**
 * Every error status a spec declares (of 400, 401, 403, 404, 429 and 500), forced with Prism's
 * `Prefer: code=NNN`, must reach the caller as the runtime's typed error for that status.
 */
import {
  type ApiError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from "@eventkit/runtime";
import { describe, expect, inject, it } from "vitest";
import { requiredInit } from "./helpers/requests.js";
import { clientFactory, credentials, vendorDocument, vendorOperations } from "./helpers/vendors.js";

const ERROR_CLASSES: Readonly<Record<number, abstract new (...args: never[]) => ApiError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  429: RateLimitError,
  500: InternalServerError,
};

const { vendors, mocks } = inject("eventkitMocks");

const cases: { vendor: string; method: string; operationId: string; status: number; run: () => Promise<unknown> }[] =
  [];
for (const vendor of vendors) {
  const create = await clientFactory(vendor);
  const clientSpec = create().spec;
  const client = create({ baseUrl: mocks[vendor], auth: credentials(clientSpec), retries: 0 });
  for (const { method, operation } of vendorOperations(clientSpec, vendorDocument(vendor))) {
    for (const status of Object.keys(operation.responses)
      .map(Number)
      .filter((s) => s in ERROR_CLASSES)) {
      cases.push({
        vendor,
        method,
        operationId: operation.operationId,
        status,
        run: () => client[method]({ ...requiredInit(operation), headers: { Prefer: `code=${status}` } }),
      });
    }
  }
}

describe("declared error responses", () => {
  it("exist in the specs (else this file tests nothing)", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [`${c.vendor} ${c.method} → ${c.status}`, c] as const))("%s", async (_name, c) => {
    const error = await c.run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ERROR_CLASSES[c.status]);
    expect(error).toMatchObject({ status: c.status, vendor: c.vendor, operationId: c.operationId });
    expect((error as ApiError).body).toBeDefined();
  });
});
