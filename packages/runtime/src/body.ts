import { LARGE_JSON_BYTES, parseJsonBytes } from "./json-pieces.js";
import { redactValue, type Redactor } from "./redact.js";

/** A Response may not have a body with these statuses (nor may a response to HEAD). */
export const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/**
 * The default `maxBodyBytes` of a client and of nodeHttp: far above any vendor's page, far below
 * what would exhaust a process's memory.
 */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * A response body longer than the reader accepts (`maxBodyBytes`, counted decoded). The read stops
 * there and the connection is closed; the client fails the call at once (another attempt would read
 * the same body) with an InvalidResponseError that names the limit.
 */
export class BodyLimitError extends RangeError {
  constructor(readonly limit: number) {
    super(`response body over maxBodyBytes (${limit} bytes)`);
  }
}

/** Bodies that are text and may therefore echo a credential. */
const TEXTUAL = /json|text|xml|urlencoded|javascript/i;

const decoder = new TextDecoder();

/**
 * Reads a body to its end, or until `signal` aborts: then the stream is cancelled (releasing the
 * connection even when the fetch in use ignores signals) and the read rejects with the reason.
 */
export async function readBody(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<Uint8Array> {
  return concat(await readChunks(body, signal));
}

/**
 * What aborts a body's read, besides a plain signal: an attempt's deadline, which cancels the reader
 * it watches itself when it aborts, so that a read adds and removes no listener on its signal.
 */
export interface ReadDeadline {
  readonly signal: AbortSignal;
  /** Cancels `reader` with the abort's reason if the deadline aborts before `unwatch`. */
  watch(reader: ReadableStreamDefaultReader<Uint8Array>): void;
  unwatch(): void;
}

/**
 * `readBody`'s chunks as they came, not joined: joining copies the whole body once more. Past
 * `limit` bytes the stream is cancelled (closing the connection) and the read rejects with a
 * BodyLimitError.
 */
async function readChunks(
  body: ReadableStream<Uint8Array>,
  abort: AbortSignal | ReadDeadline | undefined,
  limit = Number.POSITIVE_INFINITY,
): Promise<Uint8Array[]> {
  const reader = body.getReader();
  let signal: AbortSignal | undefined;
  let watcher: { unwatch(): void } | undefined;
  if (abort instanceof AbortSignal) {
    signal = abort;
    watcher = new CancelOnAbort(reader, abort);
  } else if (abort) {
    signal = abort.signal;
    abort.watch(reader);
    watcher = abort;
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      // A cancelled read ends as if the body were complete: the signal says which it was.
      signal?.throwIfAborted();
      if (done) break;
      bytes += value.length;
      if (bytes > limit) {
        const error = new BodyLimitError(limit);
        reader.cancel(error).catch(ignore);
        throw error;
      }
      if (value.length > 0) chunks.push(value);
    }
  } finally {
    watcher?.unwatch();
  }
  return chunks;
}

/** Cancels the reader's stream when the signal aborts; an object as listener, not a closure per body. */
class CancelOnAbort {
  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener("abort", this, { once: true });
  }

  handleEvent(): void {
    this.reader.cancel(this.signal.reason).catch(ignore);
  }

  unwatch(): void {
    this.signal.removeEventListener("abort", this);
  }
}

function ignore(): void {
  // A stream that cannot be cancelled is already closed or errored: nothing left to release.
}

function byteLength(chunks: readonly Uint8Array[]): number {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  return length;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const length = byteLength(chunks);
  const whole = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole;
}

/**
 * UTF-8 text of the chunks, decoded one chunk at a time: a body over 128 KB joined into one buffer
 * first costs a large-object allocation (fresh pages) for the bytes on top of the one for the text.
 */
function decodeChunks(chunks: readonly Uint8Array[]): string {
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const streaming = new TextDecoder();
  let text = "";
  for (const chunk of chunks) text += streaming.decode(chunk, { stream: true });
  return text + streaming.decode();
}

/** A response whose body has been read whole and redacted; `toResponse` makes a Response of it. */
export interface SettledResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly url: string;
  /** Redacted text when the body was textual and echoed a credential, else its bytes. */
  readonly body: Uint8Array | string | null;
  /**
   * The body as text when it was decoded to look for credentials (a textual type), redacted: the
   * typed methods parse it, so that a page is decoded once, not once to redact and again to parse.
   */
  readonly text?: string | undefined;
  /**
   * A textual body too large to decode whole cheaply, that echoed no credential: its bytes, which
   * `bodyJson` parses in pieces (`text` then decodes it only if read).
   */
  readonly large?: Uint8Array | undefined;
}

/**
 * A response whose body an exchange other than fetch has already read (`@eventkit/runtime/node`):
 * its chunks as they came, decoded, or null when it has no body.
 */
export interface ReadResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly url: string;
  readonly body: null;
  readonly chunks: Uint8Array[] | null;
}

/** What a client tells its exchange about reading the response. */
export interface ExchangeLimits {
  /** The most bytes the body may have, decoded: past it, stop reading and fail with a BodyLimitError. */
  readonly maxBodyBytes: number;
}

/**
 * What a client calls to send one request when no `fetch` is given (the attempt's signal in
 * `init.signal`, the client's limits in `limits`: the global fetch ignores them, and the client
 * applies them as it reads the body fetch returns).
 */
export type Exchange = (url: string, init?: RequestInit, limits?: ExchangeLimits) => Promise<Response | ReadResponse>;

/**
 * The response with its body read whole under `abort` (the attempt's deadline and the caller's
 * abort, or the caller's signal alone), and every credential the vendor echoed in a textual body or a header value redacted.
 * Callers of the client, typed methods and `raw` alike, only ever see this copy. A body over
 * `maxBodyBytes` rejects with a BodyLimitError: a fetch Response's read stops there; an exchange's
 * body, read already under the exchange's own limit, is refused whole.
 */
export async function settle(
  response: Response | ReadResponse,
  abort: AbortSignal | ReadDeadline | undefined,
  redactor: Redactor,
  maxBodyBytes = MAX_BODY_BYTES,
): Promise<SettledResponse> {
  const status = response.status;
  // A fetch Response is read here; an exchange's (`chunks`, null for none) was read already.
  let chunks: Uint8Array[] | null;
  if (response.body && !NULL_BODY_STATUSES.has(status)) chunks = await readChunks(response.body, abort, maxBodyBytes);
  else {
    chunks = (response as ReadResponse).chunks || null;
    if (chunks && byteLength(chunks) > maxBodyBytes) throw new BodyLimitError(maxBodyBytes);
  }
  let headers = redactHeaders(response.headers, redactor);
  const contentType = response.headers.get("content-type");
  const common = { status, statusText: response.statusText, url: response.url };
  if (chunks && chunks.length > 0 && TEXTUAL.test(contentType ?? "text")) {
    if (redactor.mayLeak && byteLength(chunks) > LARGE_JSON_BYTES) {
      const bytes = concat(chunks);
      if (!redactor.mayLeak(bytes)) {
        let text: string | undefined;
        return {
          ...common,
          headers,
          body: bytes,
          get text() {
            text ??= decoder.decode(bytes);
            return text;
          },
          large: bytes,
        };
      }
    }
    const text = decodeChunks(chunks);
    const redacted = redactBodyText(text, contentType, redactor);
    if (redacted !== text) {
      headers = new Headers(headers);
      headers.delete("content-length");
      return { ...common, headers, body: redacted, text: redacted };
    }
    // One chunk is the bytes as they are: no getter (a literal with one takes V8 about a
    // microsecond to make, more than the rest of the response).
    if (chunks.length === 1) return { ...common, headers, body: chunks[0]!, text };
    // The bytes only when asked for (a Response made of it): most callers read `text` alone.
    let bytes: Uint8Array | undefined;
    return {
      ...common,
      headers,
      get body() {
        bytes ??= concat(chunks);
        return bytes;
      },
      text,
    };
  }
  return { ...common, headers, body: chunks ? concat(chunks) : null };
}

/** The settled body as text (UTF-8), "" when there is none; a textual body is not decoded twice. */
export function bodyText(settled: SettledResponse): string {
  if (settled.text !== undefined) return settled.text;
  const { body } = settled;
  return body === null ? "" : typeof body === "string" ? body : decoder.decode(body);
}

/** Whether the settled body is empty (no body, or no text in it). */
export function bodyIsEmpty(settled: SettledResponse): boolean {
  return settled.large === undefined && bodyText(settled) === "";
}

/**
 * The settled body parsed as JSON, as JSON.parse(bodyText(settled)) would (same value, same
 * error), without decoding a large body into one string.
 */
export function bodyJson(settled: SettledResponse): unknown {
  return settled.large !== undefined ? parseJsonBytes(settled.large) : JSON.parse(bodyText(settled));
}

/**
 * A Response of a settled one. `withBody: false` leaves the body out: each Response body is a
 * stream, which costs more than the rest of a call; the typed methods read `bodyText` instead.
 */
export function toResponse(settled: SettledResponse, withBody = true): Response {
  const { status, statusText, headers, url } = settled;
  const response = new Response(withBody ? (settled.body as BodyInit | null) : null, { status, statusText, headers });
  // A constructed Response has no URL; pagination and error messages read it.
  if (url) Object.defineProperty(response, "url", { value: url });
  return response;
}

/** JSON is redacted value by value, so the result stays JSON whatever the credential looks like. */
function redactBodyText(text: string, contentType: string | null, redactor: Redactor): string {
  const flat = redactor.text(text);
  if (flat === text || !/json/i.test(contentType ?? "")) return flat;
  try {
    return JSON.stringify(redactValue(JSON.parse(text), redactor));
  } catch {
    return flat;
  }
}

function redactHeaders(headers: Headers, redactor: Redactor): Headers {
  let leaks = false;
  // forEach: a third of the cost of the Headers iterator.
  headers.forEach((value) => {
    if (!leaks && redactor.text(value) !== value) leaks = true;
  });
  if (!leaks) return headers;
  const copy = new Headers();
  // Iteration lists each Set-Cookie apart, so appending keeps them apart too.
  for (const [name, value] of headers) copy.append(name, redactor.text(value));
  return copy;
}
