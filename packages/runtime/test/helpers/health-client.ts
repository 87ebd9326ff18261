import { type ClientOptions, createApiClient } from "../../src/index.js";

/** A client of one safe operation, `GET /health` on `url`; without retries unless `options` says. */
export function healthClient(url: string, options: ClientOptions = {}): { health(): Promise<unknown> } {
  return createApiClient(
    {
      vendor: "acme",
      title: "Acme",
      servers: [{ url }],
      securitySchemes: {},
      operations: { health: { operationId: "health", method: "get", path: "/health", safe: true, security: [] } },
    },
    { env: {}, retries: 0, ...options },
  ) as unknown as { health(): Promise<unknown> };
}
