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

/** Per-round left rotations, four per group of 16 steps: each a letter whose char code is 64 + the rotation (G: 7). */
const SHIFTS = "GLQVEINTDKPWFJOU";

/**
 * Written for bytes in a browser bundle (Capillary's lite client carries it): a table lookup
 * instead of branches per round, the state rotated in place.
 */
export function md5Hex(text: string): string {
  const bytes = [...new TextEncoder().encode(text), 128];
  const length = bytes.length - 1;
  // Message, 0x80, zeros, 64-bit length in bits: a whole number of 64-byte blocks, little-endian
  // words (an Int32Array truncates what it stores, so the high word needs no Math.floor).
  const words = new Int32Array((((length + 8) >> 6) + 1) * 16);
  for (let i = 0; i <= length; i++) words[i >> 2]! |= bytes[i]! << ((i % 4) * 8);
  words[words.length - 2] = length * 8;
  words[words.length - 1] = length / 2 ** 29;
  let state = [1732584193, -271733879, -1732584194, 271733878];
  for (let block = 0; block < words.length; block += 16) {
    let [a, b, c, d] = state as [number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const group = i >> 4;
      const x =
        (a +
          [(b & c) | (~b & d), (d & b) | (~d & c), b ^ c ^ d, c ^ (b | ~d)][group]! +
          // RFC 1321 §3.4's table T[i + 1] = floor(2^32 · |sin(i + 1)|), computed per step rather than
          // kept (fewer bytes in a bundle); exact with IEEE doubles, as the digest tests show.
          ((Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0) +
          words[block + ([i, 5 * i + 1, 3 * i + 5, 7 * i][group]! % 16)]!) |
        0;
      const s = SHIFTS.charCodeAt(group * 4 + (i % 4)) - 64;
      a = d;
      d = c;
      c = b;
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0;
    }
    state = state.map((v, j) => (v + [a, b, c, d][j]!) | 0);
  }
  // Little-endian bytes, two hex digits each (256 + byte keeps the leading zero).
  let hex = "";
  for (let i = 0; i < 16; i++) hex += (((state[i >> 2]! >>> ((i % 4) * 8)) & 255) + 256).toString(16).slice(1);
  return hex;
}
