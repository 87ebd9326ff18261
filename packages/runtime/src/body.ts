import { redactValue, type Redactor } from "./redact.js";

/** A Response may not have a body with these statuses. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Bodies that are text and may therefore echo a credential. */
const TEXTUAL = /json|text|xml|urlencoded|javascript/i;

const decoder = new TextDecoder();

/**
 * Reads a body to its end, or until `signal` aborts: then the stream is cancelled (releasing the
 * connection even when the fetch in use ignores signals) and the read rejects with the reason.
 */
export async function readBody(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<Uint8Array> {
  const reader = body.getReader();
  const onAbort = (): void => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      signal.throwIfAborted();
      const { done, value } = await reader.read();
      // A cancelled read ends as if the body were complete: the signal says which it was.
      signal.throwIfAborted();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  if (chunks.length === 1) return chunks[0]!;
  const whole = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole;
}

/**
 * The response with its body read whole under `signal` (the attempt's deadline and the caller's
 * abort), and every credential the vendor echoed in a textual body or a header value redacted.
 * Callers of the client, typed methods and `raw` alike, only ever see this copy.
 */
export async function settleResponse(response: Response, signal: AbortSignal, redactor: Redactor): Promise<Response> {
  const status = response.status;
  const bytes = response.body && !NULL_BODY_STATUSES.has(status) ? await readBody(response.body, signal) : null;
  let headers = redactHeaders(response.headers, redactor);
  let body: Uint8Array | string | null = bytes;
  const contentType = response.headers.get("content-type");
  if (bytes && bytes.length > 0 && TEXTUAL.test(contentType ?? "text")) {
    const text = decoder.decode(bytes);
    const redacted = redactBodyText(text, contentType, redactor);
    if (redacted !== text) {
      body = redacted;
      headers = new Headers(headers);
      headers.delete("content-length");
    }
  }
  const settled = new Response(body as BodyInit | null, { status, statusText: response.statusText, headers });
  // A constructed Response has no URL; pagination and error messages read it.
  Object.defineProperty(settled, "url", { value: response.url });
  return settled;
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
  for (const [, value] of headers) leaks ||= redactor.text(value) !== value;
  if (!leaks) return headers;
  const copy = new Headers();
  // Iteration lists each Set-Cookie apart, so appending keeps them apart too.
  for (const [name, value] of headers) copy.append(name, redactor.text(value));
  return copy;
}
