/**
 * JSON.parse that never rounds an integer: an integer literal beyond Number.MAX_SAFE_INTEGER (an
 * int64 id such as Datadog v1 event ids) is returned as a string holding its exact
 * digits. Node 20's JSON.parse gives a reviver no source text, so such literals are quoted first,
 * in one pass that skips strings.
 */
export function parseJsonLossless(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text)) as unknown;
}

/** The text with every integer literal outside a string that a double cannot hold exactly put in quotes. */
export function quoteUnsafeIntegers(text: string): string {
  let out = "";
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string, escapes included.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      continue;
    }
    if (c !== 0x2d /* - */ && (c < 0x30 || c > 0x39)) continue;
    let end = i + 1;
    while (end < text.length && /[0-9.eE+-]/.test(text[end]!)) end++;
    const literal = text.slice(i, end);
    // 16 characters or more ("-" and 15 digits is still safe): only then can an integer be unsafe.
    if (literal.length >= 16 && /^-?(0|[1-9]\d*)$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
      out += `${text.slice(copied, i)}"${literal}"`;
      copied = end;
    }
    i = end - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
