import { md5 } from "@noble/hashes/legacy.js";

/**
 * The md5 password digest some specs ask for (`x-eventkit-password-digest: md5`), as lowercase hex
 * of the UTF-8 password. A subpath of its own, imported only by the clients whose spec declares
 * it, so no other client carries an md5 implementation. Pure JavaScript: Web Crypto has no md5,
 * and node:crypto exists only in Node.
 */
export function md5Hex(text: string): string {
  let hex = "";
  for (const byte of md5(new TextEncoder().encode(text))) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
