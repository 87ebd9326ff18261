export interface Redactor {
  text(s: string): string;
  /**
   * Whether UTF-8 bytes may hold a credential: false only when decoding them could not give a
   * text that `text` changes. Lets a large body be checked without decoding it whole.
   */
  mayLeak?(bytes: Uint8Array): boolean;
  url(u: string | URL): string;
  headers(h: Headers | Record<string, string>): Record<string, string>;
}

export interface RedactorInit {
  readonly secretValues: readonly string[];
  readonly secretHeaders: readonly string[];
  readonly secretQueryParams: readonly string[];
}

export const REDACTED = "[redacted]";

/** Credentials travel in these whatever the vendor's document says. */
const ALWAYS_SECRET_HEADERS = ["authorization", "proxy-authorization", "cookie", "set-cookie"];

/** Shorter values would blank out ordinary words and numbers all over a message. */
const MIN_SECRET_LENGTH = 4;

export function createRedactor(init: RedactorInit): Redactor {
  const values = secretForms(init.secretValues);
  const secretHeaders = new Set([...ALWAYS_SECRET_HEADERS, ...init.secretHeaders.map(lower)]);
  const secretParams = new Set(init.secretQueryParams.map(lower));

  const text = (s: string): string => {
    let out = s;
    for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  };

  const url = (u: string | URL): string => {
    const raw = String(u);
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      return text(raw);
    }
    const userinfo = parsed.username || parsed.password ? `${REDACTED}@` : "";
    const query = parsed.search && `?${redactQuery(parsed.search.slice(1), secretParams)}`;
    return text(`${parsed.protocol}//${userinfo}${parsed.host}${parsed.pathname}${query}${parsed.hash}`);
  };

  const headers = (h: Headers | Record<string, string>): Record<string, string> => {
    const entries = h instanceof Headers ? [...h.entries()] : Object.entries(h);
    const out: Record<string, string> = {};
    for (const [name, value] of entries) {
      const key = lower(name);
      out[key] = secretHeaders.has(key) ? REDACTED : text(String(value));
    }
    return out;
  };

  // A form with a replacement character or a BOM could appear in decoded text without its bytes
  // (an invalid sequence, a stripped BOM): such secrets are looked for in the text only.
  const finders = values.some((v) => /[\uFFFD\uFEFF]/.test(v))
    ? undefined
    : values.map((v) => bytesFinder(new TextEncoder().encode(v)));
  const mayLeak = (bytes: Uint8Array): boolean => !finders || finders.some((found) => found(bytes));

  return { text, url, headers, mayLeak };
}

/** Node's Buffer, where there is one (looked up, not imported: the runtime also runs in browsers). */
const NodeBuffer = (globalThis as { Buffer?: { isBuffer(value: unknown): boolean } }).Buffer;
type NodeBytes = Uint8Array & { includes(needle: Uint8Array): boolean };

/**
 * Whether `needle` occurs in a byte array, by Boyer-Moore-Horspool: a mismatch skips ahead by up to
 * the needle's length, so a page is looked through in a fraction of a byte-by-byte pass (and
 * without Node's Buffer, so that the runtime also runs in browsers).
 */
function bytesFinder(needle: Uint8Array): (haystack: Uint8Array) => boolean {
  const last = needle.length - 1;
  const skip = new Int32Array(256).fill(needle.length);
  for (let i = 0; i < last; i++) skip[needle[i]!] = last - i;
  return (haystack) => {
    // A Node Buffer (what `@eventkit/runtime/node` reads bodies into) is searched natively, several
    // times faster; a plain Uint8Array's `includes` looks for one byte, so only a Buffer goes there.
    if (NodeBuffer?.isBuffer(haystack)) return (haystack as NodeBytes).includes(needle);
    for (let at = last; at < haystack.length; at += skip[haystack[at]!]!) {
      let i = 0;
      while (i <= last && haystack[at - i] === needle[last - i]) i++;
      if (i > last) return true;
    }
    return false;
  };
}

/**
 * A secret also appears percent-encoded when it sits in a URL. Longest first, so `Basic abcd` is
 * replaced whole rather than leaving `Basic [redacted]` behind for a shorter form.
 */
function secretForms(secretValues: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const value of secretValues) {
    if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) continue;
    forms.add(value);
    forms.add(encodeURIComponent(value));
    forms.add(new URLSearchParams({ v: value }).toString().slice(2));
    // As it appears inside a JSON string, for a value with quotes, backslashes or control characters.
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Rebuilt by hand: URLSearchParams would re-encode every untouched pair and the marker itself. */
function redactQuery(query: string, secretParams: ReadonlySet<string>): string {
  return query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return secretParams.has(lower(decodeComponent(name))) ? `${name}=${REDACTED}` : pair;
    })
    .join("&");
}

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replaceAll("+", " "));
  } catch {
    return s;
  }
}

function lower(s: string): string {
  return s.toLowerCase();
}

/** A copy of parsed JSON with every string, keys included, redacted. */
export function redactValue(value: unknown, redactor: Redactor, depth = 0): unknown {
  if (typeof value === "string") return redactor.text(value);
  if (value === null || typeof value !== "object") return value;
  // Deeper than any real error body; dropping it is safer than returning it unredacted.
  if (depth > 32) return undefined;
  if (Array.isArray(value)) return value.map((entry) => redactValue(entry, redactor, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [redactor.text(key), redactValue(entry, redactor, depth + 1)]),
  );
}

/**
 * A copy of a thrown value, with every message, stack and string field redacted down its `cause`
 * chain. Transport errors quote URLs and sometimes headers; the original must not be reachable.
 */
export function redactCause(error: unknown, redactor: Redactor, depth = 0): unknown {
  if (typeof error === "string") return redactor.text(error);
  if (!(error instanceof Error)) return error === null || typeof error !== "object" ? error : undefined;
  const copy = new Error(redactor.text(error.message));
  copy.name = error.name;
  if (error.stack === undefined) delete copy.stack;
  else copy.stack = redactor.text(error.stack);
  for (const key of ["code", "errno", "syscall"] as const) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === "string" || typeof value === "number") {
      (copy as unknown as Record<string, unknown>)[key] = typeof value === "string" ? redactor.text(value) : value;
    }
  }
  if (error.cause !== undefined && depth < 5) copy.cause = redactCause(error.cause, redactor, depth + 1);
  return copy;
}
