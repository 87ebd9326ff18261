/**
 * A large body parsed in pieces is the value JSON.parse gives of its whole text, key order, repeated
 * keys and `__proto__` included, and malformed text fails with JSON.parse's own error.
 */
import { describe, expect, it } from "vitest";
import { parseJsonBytes } from "../src/json-pieces.js";
import { seededRandom } from "../src/seeded-random.js";

const encode = (text: string) => new TextEncoder().encode(text);
/** Byte arrays one after the other (spreading a large one into an array literal is slow). */
function joined(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
/** What the client did before: the whole body decoded (a BOM dropped), then JSON.parse. */
const whole = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;

function outcome(parse: () => unknown): { value: string } | { error: string } {
  try {
    const value = parse();
    // Own keys in order, prototypes included, so that an assignment to __proto__ would show.
    return { value: JSON.stringify(value, (_, v: unknown) => (isObject(v) ? described(v) : v)) };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

const isObject = (v: unknown): v is object => v !== null && typeof v === "object" && !Array.isArray(v);
/** An object as an array (which the replacer leaves as it is): its prototype, then its own members in order. */
const described = (v: object) => [
  Object.getPrototypeOf(v) === Object.prototype,
  ...Object.getOwnPropertyNames(v).map((k) => [k, (v as Record<string, unknown>)[k]]),
];

/**
 * A turn of the event loop between large cases: each is synchronous, and a worker busy for a minute
 * on a loaded machine misses vitest's own RPC deadline ("Timeout calling onTaskUpdate").
 */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function expectSame(text: string | Uint8Array): void {
  const bytes = typeof text === "string" ? encode(text) : text;
  expect(outcome(() => parseJsonBytes(bytes))).toEqual(outcome(() => whole(bytes)));
}

const event = (i: number, random: () => number) =>
  JSON.stringify({
    id: `e${i}`,
    name: random() < 0.1 ? 'Zoë 東京 🚀 "quoted" \\ back, {not: [a container]}' : `n${i}`,
    nested: { list: [{ a: 1 }, { b: [2, 3, { c: "}]," }] }], empty: {}, none: [] },
    number: random() * 1e6,
    flag: random() < 0.5,
    nothing: null,
    // A member over the piece size now and then (not at random: a few per page keep the test quick).
    ...(i % 250 === 7 ? { long: "x".repeat(70_000) } : {}),
  });

function page(n: number, seed: number, space = ""): string {
  const random = seededRandom(seed);
  const events = Array.from({ length: n }, (_, i) => event(i, random));
  return `{${space}"count":${n},${space}"results":${space}[${events.join(`,${space}`)}]${space},"next":null${space}}`;
}

describe("parseJsonBytes", () => {
  it("gives JSON.parse's value for large pages, nested, spaced and with long members", async () => {
    for (const [n, seed, space] of [
      [2000, 1, ""],
      [1500, 2, " \n\t"],
      [300, 3, ""],
      [5, 4, ""],
    ] as const) {
      await turn();
      const text = page(n, seed, space);
      expectSame(text);
      expectSame(`\n ${text} \r\n`);
      expectSame(`[${text},${text}]`);
    }
    // A large array of scalars, and a large object of many small members.
    expectSame(JSON.stringify(Array.from({ length: 30_000 }, (_, i) => (i % 3 ? i * 1.5 : `s${i}`))));
    expectSame(JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))));
  });

  it("keeps JSON.parse's own keys: __proto__, repeated keys (last wins, first place), integer keys", () => {
    const big = "y".repeat(60_000);
    const members = [`"__proto__":{"polluted":true}`, `"b":1`, `"10":"ten"`, `"b":"${big}"`, `"2":2`];
    const filler = Array.from({ length: 3000 }, (_, i) => `"f${i}":${i}`);
    expectSame(`{${[...members, ...filler, `"__proto__":"${big}"`, `"b":3`].join(",")}}`);
    const value = parseJsonBytes(encode(`{${[...members, ...filler].join(",")}}`)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(value).slice(0, 4)).toEqual(["2", "10", "__proto__", "b"]);
  });

  it("drops a leading BOM as decoding did, and fails as JSON.parse on a BOM elsewhere", () => {
    const text = page(1000, 5);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const withBom = joined(bom, encode(text));
    expectSame(withBom);
    expect(outcome(() => parseJsonBytes(withBom))).toEqual(outcome(() => JSON.parse(text)));
    const cut = text.indexOf(',"results"');
    expectSame(joined(encode(text.slice(0, cut + 1)), bom, encode(text.slice(cut + 1))));
  });

  it("fails with JSON.parse's error on malformed large text", async () => {
    const text = page(1000, 6);
    const broken = [
      text.replace('},{"id":"e500"', '},,{"id":"e500"'),
      text.replace('},{"id":"e500"', '} {"id":"e500"'),
      text.replace('"e700"', '"e700'),
      text.replace(',"next":null}', ',"next":null}}'),
      text.replace(',"next":null}', ',"next":null'),
      text.replace(',"next":null}', ',"next":null} x'),
      text.replace(`],"next"`, `,],"next"`),
      text.replace(',"results"', ',"results" "x"'),
      text.replace(',"results":', ",results:"),
      `${text.slice(0, -1)},}`,
      `[${text}`,
      `${text}]`,
    ];
    for (const bad of broken) {
      await turn();
      expect(bad).not.toBe(text);
      expect(outcome(() => whole(encode(bad)))).toHaveProperty("error");
      expectSame(bad);
    }
  });

  it("gives the same characters for invalid UTF-8 as decoding the whole body did", () => {
    const text = page(1000, 7);
    const bytes = encode(text);
    const at = text.indexOf('"n300"') + 2;
    const damaged = joined(bytes.subarray(0, at), new Uint8Array([0xff, 0xe6, 0x9d]), bytes.subarray(at));
    expectSame(damaged);
  });
});
