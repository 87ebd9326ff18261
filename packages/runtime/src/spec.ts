/**
 * The data a generated client hands to the runtime. The generator derives every field from the
 * vendor's OpenAPI document after our overlay is applied; nothing here is vendor-specific.
 */
export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

export interface ServerVariableSpec {
  readonly default: string;
  readonly enum?: readonly string[];
  /** Environment variable that supplies this variable when the caller does not (`x-eventkit-env`). */
  readonly env?: string;
}

export interface ServerSpec {
  readonly url: string;
  readonly description?: string;
  readonly variables?: Readonly<Record<string, ServerVariableSpec>>;
}

export type SecuritySchemeSpec =
  | {
      readonly type: "apiKey";
      readonly in: "header" | "query" | "cookie";
      readonly name: string;
      /** Written before the key, e.g. `Token ` (`x-eventkit-prefix`). */
      readonly prefix?: string;
      readonly env?: string;
    }
  | { readonly type: "http"; readonly scheme: "bearer"; readonly env?: string }
  | {
      readonly type: "http";
      readonly scheme: "basic";
      /** The password is sent as this digest of itself (`x-eventkit-password-digest`). */
      readonly passwordDigest?: "md5";
      readonly env?: { readonly username?: string; readonly password?: string };
    };

/**
 * How an operation pages. The vocabulary is Datadog's `x-pagination` (cursorParam, cursorPath,
 * limitParam, resultsPath, pageParam, pageOffsetParam, pageStart), extended with `nextUrlPath`,
 * `linkHeader`, `cursorItemPath`, `hasMorePath`, `totalPath`, `pageSize` and `when`. Paths are
 * dotted property names (`meta.page.after`); `$` or `""` is the body itself. A parameter name
 * starting with `body.` addresses a field of the JSON body. The generator rejects any other key.
 */
export interface PaginationSpec {
  /**
   * Dotted path to the array of items in the response body; absent or `$`, the body itself is the
   * array. A list gives alternatives, tried in order (`[results, $]`: an envelope or a bare array).
   */
  readonly resultsPath?: string | readonly string[];
  /** The parameter the next page's cursor is sent as (with `cursorPath` or `cursorItemPath`). */
  readonly cursorParam?: string;
  /** Dotted path to the next page's cursor in the response body. */
  readonly cursorPath?: string;
  /** Dotted path inside the last item of a page to the cursor of the next (`id`: Stripe's `starting_after`). */
  readonly cursorItemPath?: string;
  /** Dotted path to a full URL of the next page (Django REST style `next`). */
  readonly nextUrlPath?: string;
  /** The next page is the `rel="next"` link of the response's `Link` header (RFC 8288, GitHub style). */
  readonly linkHeader?: boolean;
  readonly pageParam?: string;
  readonly pageStart?: number;
  readonly pageOffsetParam?: string;
  readonly limitParam?: string;
  /** Items per full page when the server's page size is fixed or defaulted. */
  readonly pageSize?: number;
  /** Dotted path to a boolean saying whether more pages exist (`has_more`); false ends the listing. */
  readonly hasMorePath?: string;
  /** Dotted path to the number of items over all pages; the listing ends once that many arrived. */
  readonly totalPath?: string;
  /** The operation pages only when the call's parameters match one of these (else: one page). */
  readonly when?: readonly Readonly<Record<string, unknown>>[];
}

export interface OperationSpec {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** Retried by default: GET/HEAD/OPTIONS, or marked `x-eventkit-safe`. */
  readonly safe: boolean;
  /** Alternatives, each a set of scheme names sent together. Empty: no auth. */
  readonly security: readonly (readonly string[])[];
  readonly pagination?: PaginationSpec;
  /** Names of parameters (any location) that carry credentials (`x-eventkit-secret`). */
  readonly secretParams?: readonly string[];
}

export interface ClientSpec {
  readonly vendor: string;
  readonly title: string;
  readonly servers: readonly ServerSpec[];
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeSpec>>;
  /** Keyed by the client method name (camelCased operationId). */
  readonly operations: Readonly<Record<string, OperationSpec>>;
}

export { deletePath, getPath, isWholeValue, setPath } from "./dotted-path.js";
export { deref, parametersOf, propertyOf, schemaAt } from "./openapi-document.js";
export { matchesWhen, pagingStyle, pagingStyleOf, resultsPaths, type PagingStyle } from "./paging-style.js";
export { nextLink } from "./link-header.js";
export { seededRandom } from "./seeded-random.js";
