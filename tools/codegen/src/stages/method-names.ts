import type { SpecError } from "../errors.js";
import type { ErrorAt } from "./extension-source.js";
import { errorAt, type JsonObject, type LoadedFile } from "./load.js";

/**
 * Names a client member must not take, and why. The client is a plain object: a method named
 * `then` makes it a thenable (`await client`, or an async function returning it, calls it and
 * never settles), one named like a member of Object.prototype replaces what JavaScript and
 * libraries expect there, and the client's own members would be shadowed.
 */
const RESERVED = new Map<string, string>([
  [
    "then",
    "which would make every client a thenable: `await client` (or an async function returning it) would call it",
  ],
  ["toJSON", "which JSON.stringify would call on the client"],
  ["prototype", "which JavaScript gives functions and classes"],
  ...["raw", "spec", "baseUrl", "paginate", "pages"].map((m): [string, string] => [
    m,
    `which the client has already (client.${m})`,
  ]),
  ...[
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
  ].map((m): [string, string] => [m, `which every JavaScript object has already (Object.prototype.${m})`]),
]);

/** Letters that Unicode decomposition leaves as they are, spelled in ASCII. */
const SPELLED: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  Æ: "Ae",
  œ: "oe",
  Œ: "Oe",
  ø: "o",
  Ø: "O",
  ł: "l",
  Ł: "L",
  đ: "d",
  Đ: "D",
  ð: "d",
  Ð: "D",
  þ: "th",
  Þ: "Th",
  ı: "i",
  ħ: "h",
  Ħ: "H",
};

/** `événements` → `evenements`, `straße` → `strasse`: accents dropped (NFKD, then combining marks removed). */
export function asciiSpelling(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: [^\x00-\x7f] is "any non-ASCII character".
      .replace(/[^\x00-\x7f]/g, (c) => SPELLED[c] ?? c)
  );
}

/** The camelCase method name of an operationId; what is not an ASCII letter or digit separates words. */
export function methodName(operationId: string): string {
  const camel = asciiSpelling(operationId)
    .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))
    .replace(/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/, (m) => m.toLowerCase());
  return /^[0-9]/.test(camel) ? `_${camel}` : camel;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * The client method name of an operation: its `x-eventkit-method` as written, else its
 * operationId in camelCase ASCII. A name that is no identifier, has no letter or is reserved
 * fails with the overlay key that sets another.
 */
export function operationName(
  op: JsonObject,
  file: LoadedFile,
  at: { path: string; method: string },
  nameError?: ErrorAt,
): string {
  const where = ["paths", at.path, at.method];
  const advice = `set a name with an overlay action on $.paths['${at.path}'].${at.method}: \`update: { x-eventkit-method: <name> }\` (or change its operationId there)`;
  const fail = (key: string, message: string): SpecError => errorAt(file, [...where, key], `${message}; ${advice}`);
  const chosen = op["x-eventkit-method"];
  if (chosen !== undefined) {
    // Where the overlay wrote the key, when it did; else where the document has it.
    const failName = (message: string): SpecError =>
      nameError ? nameError([], `${message}; ${advice}`) : fail("x-eventkit-method", message);
    const label = `x-eventkit-method ${JSON.stringify(chosen)} of ${at.method.toUpperCase()} ${at.path}`;
    if (typeof chosen !== "string" || !IDENTIFIER.test(chosen) || !/[A-Za-z]/.test(chosen)) {
      throw failName(
        `${label} is not a JavaScript identifier with a letter (ASCII letters, digits, _ and $, not starting with a digit)`,
      );
    }
    const reserved = RESERVED.get(chosen);
    if (reserved) throw failName(`${label} is the method name \`${chosen}\`, ${reserved}`);
    return chosen;
  }
  const operationId = op.operationId as string;
  const label = `operationId ${JSON.stringify(operationId)}`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: [^\x00-\x7f] is "any non-ASCII character".
  const foreign = [...new Set(asciiSpelling(operationId).match(/[^\x00-\x7f]/gu) ?? [])].filter((c) =>
    /\p{L}/u.test(c),
  );
  if (foreign.length) throw fail("operationId", `${label} has letters with no ASCII spelling (${foreign.join("")})`);
  const name = methodName(operationId);
  if (!/[A-Za-z]/.test(name)) throw fail("operationId", `${label} has no letters to make a method name of`);
  const reserved = RESERVED.get(name);
  if (reserved) throw fail("operationId", `${label} becomes the method name \`${name}\`, ${reserved}`);
  return name;
}
