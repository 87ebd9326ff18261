/** An OpenAPI document whose one response schema is a chain of `length` schemas, each only a `$ref` to the next. */
export function refChain(length: number): string {
  const links = Array.from({ length }, (_, i) => `    S${i}: { $ref: "#/components/schemas/S${i + 1}" }`);
  return `openapi: 3.0.3
info: { title: Chain of $refs, version: "1" }
paths:
  /chain:
    get:
      operationId: getChain
      responses:
        "200":
          description: The end of the chain.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/S0" }
components:
  schemas:
${links.join("\n")}
    S${length}: { type: object, properties: { id: { type: string } } }
`;
}
