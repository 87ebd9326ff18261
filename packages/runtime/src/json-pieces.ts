/**
 * JSON.parse of a UTF-8 body without making the body one string. A string over V8's regular object
 * size (128 KB) goes to the large-object space, where each one costs fresh memory pages: decoding a
 * 300 KB page of events that way cost more than parsing it. Here a large array or object is cut
 * between its members, each run of members under `PIECE_BYTES` is decoded and parsed on its own,
 * and the parts are put together as JSON.parse would have built them.
 *
 * Only where the cuts go is read here; every byte is still checked by JSON.parse, one piece at a
 * time, and anything this reader does not follow (malformed JSON included) is parsed whole, so
 * the result and any error are exactly JSON.parse's.
 */

/** Bytes decoded at a time: at most 2 bytes a character as a string, well under 128 KB. */
const PIECE_BYTES = 48 * 1024;

/**
 * Bodies larger than this are kept as bytes and parsed in pieces. Below V8's regular object size
 * (128 KB) a body decoded whole is a regular string, and cutting it costs more than it saves: a
 * 61 kB page took 990 us of CPU in pieces against 465 us whole (client-bench overhead).
 */
export const LARGE_JSON_BYTES = 128 * 1024;

/** A BOM where JSON does not allow one must fail, as in JSON.parse of the whole text. */
const pieceDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
const wholeDecoder = new TextDecoder();

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Thrown where the text is not what this reader follows: the whole text is then parsed as one. */
const NOT_FOLLOWED = new SyntaxError("not followed in pieces");

/** The value of the UTF-8 JSON text in `bytes` (a leading BOM dropped, as TextDecoder does). */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  if (bytes.length <= PIECE_BYTES) return JSON.parse(wholeDecoder.decode(bytes));
  try {
    let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    let end = bytes.length;
    while (start < end && isSpace(bytes[start]!)) start++;
    while (end > start && isSpace(bytes[end - 1]!)) end--;
    return parseRange(bytes, start, end);
  } catch {
    // Not followed here, or a piece JSON.parse refused: the whole text gives the value or the
    // error JSON.parse would.
    return JSON.parse(wholeDecoder.decode(bytes));
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function decode(bytes: Uint8Array, start: number, end: number): string {
  return pieceDecoder.decode(bytes.subarray(start, end));
}

/**
 * The value whose text is exactly bytes [start, end), no space around it. `ends`, when known (from
 * the scan of the container around it), are its members' ends as `memberEnds` gives them.
 */
function parseRange(bytes: Uint8Array, start: number, end: number, ends?: number[]): unknown {
  if (end - start <= PIECE_BYTES) return JSON.parse(decode(bytes, start, end));
  const open = bytes[start];
  if (open === OPEN_BRACKET && bytes[end - 1] === CLOSE_BRACKET) return parseMembers(bytes, start, end, ends, false);
  if (open === OPEN_BRACE && bytes[end - 1] === CLOSE_BRACE) return parseMembers(bytes, start, end, ends, true);
  // A string or number this long is one JSON.parse call whatever we do.
  return JSON.parse(decode(bytes, start, end));
}

/**
 * The ends of the members of the container at [start, end): the index of each comma between
 * members at its top level, then `end - 1` (its closing bracket); and in `inner`, the same for
 * every container one level down, in order (commas, then each one's closing bracket), so that a
 * large page inside a small envelope (`{"data": [...], "next": ...}`) is scanned once. Throws if
 * the container closes before `end - 1` or not at all.
 */
function memberEnds(bytes: Uint8Array, start: number, end: number, inner: number[]): number[] {
  const ends: number[] = [];
  let depth = 0;
  const last = end - 1;
  for (let i = start + 1; i < last; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) {
      for (i++; ; i++) {
        if (i >= last) throw NOT_FOLLOWED;
        const d = bytes[i]!;
        if (d === QUOTE) break;
        if (d === BACKSLASH) i++;
      }
    } else if (c === COMMA) {
      if (depth === 0) ends.push(i);
      else if (depth === 1) inner.push(i);
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) throw NOT_FOLLOWED;
      if (depth === 1) inner.push(i);
      depth--;
    }
  }
  if (depth !== 0) throw NOT_FOLLOWED;
  ends.push(last);
  return ends;
}

/** [from, to) without the space around it; throws when nothing is left (`[1,,2]`, `[1,]`). */
function trimmed(bytes: Uint8Array, from: number, to: number): [number, number] {
  while (from < to && isSpace(bytes[from]!)) from++;
  while (to > from && isSpace(bytes[to - 1]!)) to--;
  if (from === to) throw NOT_FOLLOWED;
  return [from, to];
}

/**
 * An array's elements or an object's members: runs of small members parsed a piece at a time, a
 * large one apart (recursively), in order.
 */
function parseMembers(
  bytes: Uint8Array,
  start: number,
  end: number,
  known: number[] | undefined,
  object: boolean,
): unknown[] | Record<string, unknown> {
  const inner: number[] = [];
  const ends = known ?? memberEnds(bytes, start, end, inner);
  const array: unknown[] = [];
  const record: Record<string, unknown> = {};
  // A run of members [runStart, runEnd) parsed as one piece when it is small enough.
  let runStart = start + 1;
  let runEnd = -1;
  const flush = (): void => {
    if (runEnd < 0) return;
    const [from, to] = trimmed(bytes, runStart, runEnd);
    const text = decode(bytes, from, to);
    if (object) {
      const part = JSON.parse(`{${text}}`) as Record<string, unknown>;
      for (const key of Object.keys(part)) define(record, key, part[key]);
    } else {
      const part = JSON.parse(`[${text}]`) as unknown[];
      for (let i = 0; i < part.length; i++) array.push(part[i]);
    }
    runEnd = -1;
  };
  // Where the members of the member being read start in `inner` (containers one level down).
  let innerAt = 0;
  let memberStart = start + 1;
  for (const memberEnd of ends) {
    if (memberEnd - memberStart > PIECE_BYTES) {
      flush();
      let [from, to] = trimmed(bytes, memberStart, memberEnd);
      let key: unknown;
      if (object) {
        const colon = keyEnd(bytes, from, to);
        key = JSON.parse(decode(bytes, from, colon)) as unknown;
        if (typeof key !== "string") throw NOT_FOLLOWED;
        [from, to] = trimmed(bytes, colon + 1, to);
      }
      // This member's own members, if it is a container scanned with this one.
      while (innerAt < inner.length && inner[innerAt]! < from) innerAt++;
      const first = innerAt;
      while (innerAt < inner.length && inner[innerAt]! < to) innerAt++;
      const value = parseRange(bytes, from, to, known ? undefined : inner.slice(first, innerAt));
      if (object) define(record, key as string, value);
      else array.push(value);
      runStart = memberEnd + 1;
    } else {
      if (runEnd >= 0 && memberEnd - runStart > PIECE_BYTES) {
        flush();
        runStart = memberStart;
      }
      runEnd = memberEnd;
    }
    memberStart = memberEnd + 1;
  }
  flush();
  return object ? record : array;
}

/** The index of the colon after the key string that starts at `from`. */
function keyEnd(bytes: Uint8Array, from: number, to: number): number {
  if (bytes[from] !== QUOTE) throw NOT_FOLLOWED;
  let i = from + 1;
  for (; i < to && bytes[i] !== QUOTE; i++) if (bytes[i] === BACKSLASH) i++;
  for (i++; i < to && isSpace(bytes[i]!); i++);
  if (bytes[i] !== COLON) throw NOT_FOLLOWED;
  return i;
}

/** As JSON.parse sets a member: an own data property, even `__proto__`, the last of repeated keys winning. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
