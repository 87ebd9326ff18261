/**
 * The md5 password digest some specs ask for (`x-eventkit-password-digest: md5`), as lowercase hex
 * of the UTF-8 password. A subpath of its own, imported only by the clients whose spec declares
 * it, so no other client carries an md5 implementation. Pure JavaScript: Web Crypto has no md5,
 * and node:crypto exists only in Node.
 *
 * RFC 1321, written out here rather than imported: @noble/hashes cost Capillary's client 1.9 kB
 * gzipped (its shared utils come along), this costs about 0.4 kB. It hashes a password, not data
 * to be trusted; test/md5.test.ts checks it against the RFC's vectors and node:crypto.
 */

/** Per-round left rotations: four per group of 16 steps. */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/** RFC 1321 §3.4: T[i] = floor(2^32 · |sin(i)|), i = 1…64 (exact with IEEE doubles; the tests pin them). */
export const MD5_CONSTANTS = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);

export function md5Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const length = bytes.length;
  // Message, 0x80, zeros, 64-bit length in bits: a whole number of 64-byte blocks, little-endian words.
  const words = new Int32Array((((length + 8) >>> 6) + 1) * 16);
  for (let i = 0; i < length; i++) words[i >> 2]! |= bytes[i]! << ((i % 4) * 8);
  words[length >> 2]! |= 0x80 << ((length % 4) * 8);
  words[words.length - 2] = length * 8;
  words[words.length - 1] = Math.floor(length / 0x20000000);
  const state = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476];
  for (let block = 0; block < words.length; block += 16) {
    let [a, b, c, d] = state as [number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const group = i >> 4;
      const f =
        group === 0 ? (b & c) | (~b & d) : group === 1 ? (d & b) | (~d & c) : group === 2 ? b ^ c ^ d : c ^ (b | ~d);
      const g = group === 0 ? i : group === 1 ? (5 * i + 1) % 16 : group === 2 ? (3 * i + 5) % 16 : (7 * i) % 16;
      const x = (a + f + MD5_CONSTANTS[i]! + words[block + g]!) | 0;
      const s = SHIFTS[group * 4 + (i % 4)]!;
      [a, b, c, d] = [d, (b + ((x << s) | (x >>> (32 - s)))) | 0, b, c];
    }
    state[0] = (state[0]! + a) | 0;
    state[1] = (state[1]! + b) | 0;
    state[2] = (state[2]! + c) | 0;
    state[3] = (state[3]! + d) | 0;
  }
  let hex = "";
  for (const word of state) for (let j = 0; j < 32; j += 8) hex += ((word >>> j) & 255).toString(16).padStart(2, "0");
  return hex;
}
