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
  /**
   * Dotted paths (`*`: every array item or map value) of the success body's `x-eventkit-int64`
   * fields: the body is parsed so that they arrive as exact strings (int64-json.ts).
   */
  readonly int64Paths?: readonly string[];
}

/**
 * How the events feed reads each operation that has `x-eventkit-feed`, by client method name.
 * Generated apart from the ClientSpec (as `<vendor>Feeds`): a client call does not need it, so an
 * application that makes calls does not bundle it.
 */
export type ClientFeeds = Readonly<Record<string, FeedSpec>>;

export interface ClientSpec {
  readonly vendor: string;
  readonly title: string;
  readonly servers: readonly ServerSpec[];
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeSpec>>;
  /** Keyed by the client method name (camelCased operationId). */
  readonly operations: Readonly<Record<string, OperationSpec>>;
}

/**
 * How a vendor writes a time, and how a time filter reads one (`x-eventkit-feed`):
 * - `iso`: ISO 8601 with a zone (`2024-05-01T10:00:00.000Z`); read: any ISO 8601, zone-less is UTC.
 * - `iso-local`: UTC wall time without a zone (`2024-05-01T10:00:00.000`); read like `iso`.
 * - `sql`: UTC wall time, a space, whole seconds (`2024-05-01 10:00:00`); read like `iso`.
 * - `rust-time`: the Display form of Rust's `time` crate (`2022-05-20 12:40:20.0 +00:00:00`).
 * - `epoch-ms`, `epoch-s`: numbers (or their decimal text) since 1970-01-01T00:00:00Z.
 */
export type TimeFormat = "iso" | "iso-local" | "sql" | "rust-time" | "epoch-ms" | "epoch-s";

/** What an event's status becomes in the feed. */
export type FeedStatus = "success" | "failure" | "pending" | "running" | "info" | "warning" | "unknown";

/**
 * Where a text of the event comes from; the first candidate that yields one wins. A path may
 * hold `[]` to take every element of an array (`sub_events[].sub_event_type`).
 */
export type FeedText =
  | { readonly path: string; readonly join?: string; readonly firstLine?: boolean; readonly strip?: string }
  | { readonly template: string }
  | { readonly value: string };

/** An id candidate; `match` is a regular expression whose first capture group is the id. */
export interface FeedId {
  readonly path: string;
  readonly match?: string;
}

export interface FeedTime {
  readonly path: string;
  /** Tried in order until one reads the value. */
  readonly formats: readonly TimeFormat[];
}

export interface FeedStatusSpec {
  readonly path: string;
  /** Vendor value → status; a key may hold `*` for any run of characters (`*_FAILED`). */
  readonly map: Readonly<Record<string, FeedStatus>>;
  /** When the event has no status; absent: `unknown`, with a warning. */
  readonly absent?: FeedStatus;
  /** A value the map does not know (with a warning); default `unknown`. */
  readonly default?: FeedStatus;
}

export type FeedTag =
  | { readonly path: string }
  | { readonly template: string }
  | { readonly value: string; readonly when?: string };

/** A time filter parameter (`body.x` for a JSON body field). */
export interface FeedFilter {
  readonly param: string;
  readonly format: TimeFormat;
  /** Sent when the caller's window is open on this side: `epoch`, `now` or `now+<duration>`. */
  readonly open?: string;
  /** Inclusive (`lte`, `to_date`) rather than exclusive; the feed filters exactly either way. */
  readonly inclusive?: boolean;
}

/** A value the caller configures for the feed (a dataset id), with its environment variable. */
export interface FeedConfigValue {
  readonly description: string;
  readonly env?: string;
  readonly required?: boolean;
  /** A value that passes the spec's checks, for mocks (e.g. a uuid). */
  readonly example?: string;
}

/** An extra request parameter (`in`: where it goes) with a fixed value or a config value. */
export interface FeedParam {
  readonly name: string;
  readonly in: "query" | "header" | "path" | "body";
  readonly value?: unknown;
  readonly config?: string;
}

/**
 * How the events feed reads one operation (`x-eventkit-feed`, validated by the generator).
 * Every list is ordered: the first candidate that yields a value wins.
 */
export interface FeedSpec {
  /** Names the feed among the vendor's others (`v2`); ids carry it as a prefix when several are read. */
  readonly name?: string;
  /** Read when the caller does not choose among several feeds. */
  readonly default?: boolean;
  /** Path to the events in the response when the operation has no `x-pagination`. */
  readonly items?: string;
  readonly id: readonly FeedId[];
  readonly time: readonly FeedTime[];
  readonly type: readonly FeedText[];
  /** Falls back to the type. */
  readonly title?: readonly FeedText[];
  readonly message?: readonly FeedText[];
  /** Absent: every event is `info`. */
  readonly status?: FeedStatusSpec;
  readonly actor?: {
    readonly id?: readonly FeedText[];
    readonly name?: readonly FeedText[];
    readonly email?: readonly FeedText[];
    readonly ip?: readonly FeedText[];
  };
  readonly tags?: readonly FeedTag[];
  /** Structured detail; `json`: the vendor sends it as JSON in a string. */
  readonly details?: { readonly path: string; readonly json?: boolean };
  /** Paths the vendor promises: their absence is a warning on the event. */
  readonly required?: readonly string[];
  readonly since?: FeedFilter;
  readonly until?: FeedFilter;
  /** `newest-first` only where the vendor documents it (or a sort parameter makes it so). */
  readonly order: "newest-first" | "none";
  /** The parameter (and value) that makes the vendor list newest first; always sent. */
  readonly sort?: { readonly param: string; readonly value: unknown };
  /** Events per request where the caller chooses: `param` when not the pagination's `limitParam`. */
  readonly pageSize?: { readonly default: number; readonly param?: string };
  readonly params?: readonly FeedParam[];
  readonly config?: Readonly<Record<string, FeedConfigValue>>;
}

export { deletePath, getPath, isWholeValue, setPath } from "./dotted-path.js";
export { compilePath, type PathReader } from "./feed-path.js";
export { compileIdReader, compileTimeReader, type IdReader, type TimeRead, type TimeReader } from "./feed-identity.js";
export { deref, parametersOf, propertyOf, schemaAt } from "./openapi-document.js";
export { matchesWhen, pagingStyle, pagingStyleOf, resultsPaths, type PagingStyle } from "./paging-style.js";
export { nextLink } from "./link-header.js";
export { seededRandom } from "./seeded-random.js";
