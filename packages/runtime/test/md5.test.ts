import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { md5Hex } from "../src/md5.js";

const nodeMd5 = (text: string): string => createHash("md5").update(text, "utf8").digest("hex");

describe("md5Hex", () => {
  it("gives RFC 1321's test suite (§A.5)", () => {
    expect(md5Hex("")).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(md5Hex("a")).toBe("0cc175b9c0f1b6a831c399e269772661");
    expect(md5Hex("abc")).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(md5Hex("message digest")).toBe("f96b697d7cb7938d525a2f31aaf161d0");
    expect(md5Hex("abcdefghijklmnopqrstuvwxyz")).toBe("c3fcd3d76192e4007dfb496cca67e13b");
    expect(md5Hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")).toBe(
      "d174ab98d277d9f5a5611c2c9f419d9f",
    );
    expect(md5Hex("1234567890".repeat(8))).toBe("57edf4a22be3c955ac49da2e2107b67a");
  });

  it("agrees with node:crypto at every length around the 64-byte block and padding boundaries, and on UTF-8", () => {
    for (let length = 0; length <= 200; length++) {
      const text = Array.from({ length }, (_, i) => String.fromCharCode(33 + ((i * 7 + length) % 90))).join("");
      expect(md5Hex(text), `length ${length}`).toBe(nodeMd5(text));
    }
    for (const text of ["pässwort", "密码🔑", "\u0000\u007f\u0080\uffff", "x".repeat(100_000)])
      expect(md5Hex(text)).toBe(nodeMd5(text));
  });
});
