import { describe, expect, it } from "vitest";
import { createRedactor, redactCause, redactValue } from "../src/redact.js";

const SECRET = "s3cr3t/key+value=";
const redactor = createRedactor({
  secretValues: [SECRET, `Token ${SECRET}`, "abc"],
  secretHeaders: ["X-Api-Key"],
  secretQueryParams: ["api_key", "Token"],
});

describe("text", () => {
  it.each([
    ["plain occurrence", `key ${SECRET} here`, "key [redacted] here"],
    ["every occurrence", `${SECRET}${SECRET}`, "[redacted][redacted]"],
    ["longest form first", `Authorization: Token ${SECRET}`, "Authorization: [redacted]"],
    ["percent-encoded form", `?k=${encodeURIComponent(SECRET)}`, "?k=[redacted]"],
    ["form-encoded form", `?k=${new URLSearchParams({ v: SECRET }).toString().slice(2)}`, "?k=[redacted]"],
    ["values under 4 characters are ignored", "abc abcd", "abc abcd"],
    ["nothing secret", "hello", "hello"],
  ])("%s", (_name, given, want) => {
    expect(redactor.text(given)).toBe(want);
  });
});

describe("url", () => {
  it.each([
    ["secret query parameter", "https://h.test/p?api_key=xyz1&q=1", "https://h.test/p?api_key=[redacted]&q=1"],
    ["parameter names match case-insensitively", "https://h.test/p?TOKEN=xyz1", "https://h.test/p?TOKEN=[redacted]"],
    [
      "other parameters keep their encoding",
      "https://h.test/p?q=a%20b&cursor=x%2Fy",
      "https://h.test/p?q=a%20b&cursor=x%2Fy",
    ],
    ["secret value elsewhere in the URL", `https://h.test/keys/${SECRET}`, "https://h.test/keys/[redacted]"],
    ["userinfo", "https://user:pw@h.test/p", "https://[redacted]@h.test/p"],
    ["URL object", new URL("https://h.test/p?api_key=1234"), "https://h.test/p?api_key=[redacted]"],
    ["not a URL", `/relative?x=${SECRET}`, "/relative?x=[redacted]"],
    ["no query", "https://h.test/p#frag", "https://h.test/p#frag"],
  ])("%s", (_name, given, want) => {
    expect(redactor.url(given)).toBe(want);
  });
});

describe("headers", () => {
  it("redacts secret headers by name and secret values in any header", () => {
    const given = new Headers({
      Authorization: "Bearer whatever",
      "Proxy-Authorization": "Basic whatever",
      Cookie: "session=1",
      "X-API-KEY": "k-1234",
      "X-Echo": `got ${SECRET}`,
      "Content-Type": "application/json",
    });
    expect(redactor.headers(given)).toEqual({
      authorization: "[redacted]",
      "proxy-authorization": "[redacted]",
      cookie: "[redacted]",
      "x-api-key": "[redacted]",
      "x-echo": "got [redacted]",
      "content-type": "application/json",
    });
  });

  it("accepts a plain record and lower-cases its names", () => {
    expect(redactor.headers({ "Set-Cookie": "a=b", Accept: "*/*" })).toEqual({
      "set-cookie": "[redacted]",
      accept: "*/*",
    });
  });
});

describe("redactValue", () => {
  it("redacts strings at any depth, keys included, without touching the original", () => {
    const given = { message: `bad ${SECRET}`, nested: [{ [SECRET]: 1, n: 2, ok: true, none: null }] };
    const want = { message: "bad [redacted]", nested: [{ "[redacted]": 1, n: 2, ok: true, none: null }] };
    expect(redactValue(given, redactor)).toEqual(want);
    expect(given.message).toBe(`bad ${SECRET}`);
  });
});

describe("redactCause", () => {
  it("copies an error chain with messages, stacks and codes redacted", () => {
    const inner = Object.assign(new Error(`connect to ${SECRET} refused`), { code: "ECONNREFUSED" });
    const outer = new TypeError(`fetch ${SECRET} failed`, { cause: inner });
    const copy = redactCause(outer, redactor) as Error & { cause: Error & { code: string } };
    expect(copy).not.toBe(outer);
    expect(copy.name).toBe("TypeError");
    expect(copy.message).toBe("fetch [redacted] failed");
    expect(copy.stack).not.toContain(SECRET);
    expect(copy.cause.message).toBe("connect to [redacted] refused");
    expect(copy.cause.code).toBe("ECONNREFUSED");
    expect(copy.cause.stack).not.toContain(SECRET);
  });

  it.each([
    ["a string", `x ${SECRET}`, "x [redacted]"],
    ["a number", 5, 5],
    ["a plain object is dropped", { token: SECRET }, undefined],
  ])("%s", (_name, given, want) => {
    expect(redactCause(given, redactor)).toEqual(want);
  });
});

describe("mayLeak: whether a body's bytes may hold a credential, before decoding them", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it.each([
    ["at the start", `${SECRET} and more`, true],
    ["in the middle", `{"a":"x ${SECRET} y"}`, true],
    ["at the very end", `tail ${SECRET}`, true],
    ["percent-encoded", `?k=${encodeURIComponent(SECRET)}`, true],
    ["all but its last byte", `tail ${SECRET.slice(0, -1)}`, false],
    [
      "absent",
      JSON.stringify({ events: Array.from({ length: 500 }, (_, i) => ({ id: i, text: "filler ü 東京" })) }),
      false,
    ],
  ])("%s: the same answer from a Uint8Array and from a Node Buffer (searched natively)", (_name, text, want) => {
    expect(redactor.mayLeak!(bytes(text))).toBe(want);
    expect(redactor.mayLeak!(Buffer.from(text))).toBe(want);
  });
});
