/**
 * When the command-line tools colour their output. Real terminals are exercised end to end by the
 * events CLI's pseudo-terminal test; here, every environment rule against a real pipe and a real
 * `tty.WriteStream` over a pseudo-terminal's file descriptor where the machine has one.
 */
import { openSync } from "node:fs";
import { PassThrough } from "node:stream";
import { WriteStream } from "node:tty";
import { describe, expect, it } from "vitest";
import { colourEnabled, httpStatusColour, paintFor, statusColour } from "../src/terminal.js";

const pipe = new PassThrough();

describe("colourEnabled", () => {
  it("never colours a pipe, unless FORCE_COLOR asks", () => {
    expect(colourEnabled(pipe, {})).toBe(false);
    expect(colourEnabled(pipe, { FORCE_COLOR: "1" })).toBe(true);
    expect(colourEnabled(pipe, { FORCE_COLOR: "" })).toBe(true);
    expect(colourEnabled(pipe, { FORCE_COLOR: "0" })).toBe(false);
    expect(colourEnabled(pipe, { FORCE_COLOR: "false" })).toBe(false);
  });

  it("NO_COLOR wins over FORCE_COLOR; an empty NO_COLOR is no request", () => {
    expect(colourEnabled(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
    expect(colourEnabled(pipe, { FORCE_COLOR: "1", NO_COLOR: "" })).toBe(true);
  });

  let tty: WriteStream | undefined;
  try {
    tty = new WriteStream(openSync("/dev/ptmx", "r+"));
  } catch {
    tty = undefined;
  }
  it.runIf(tty)("a terminal is coloured as Node says it can be, and NO_COLOR or TERM=dumb turn it off", () => {
    const terminal = tty as WriteStream;
    expect(colourEnabled(terminal, { TERM: "xterm-256color" })).toBe(true);
    expect(colourEnabled(terminal, { TERM: "xterm-256color", NO_COLOR: "1" })).toBe(false);
    expect(colourEnabled(terminal, { TERM: "dumb" })).toBe(false);
    terminal.destroy();
  });
});

describe("paint", () => {
  it("wraps text in SGR codes only where colour is on, and leaves empty text alone", () => {
    expect(paintFor(pipe, {})("red", "failed")).toBe("failed");
    const paint = paintFor(pipe, { FORCE_COLOR: "1" });
    expect(paint("red", "failed")).toBe("\x1b[31mfailed\x1b[39m");
    expect(paint("bold", "TIME")).toBe("\x1b[1mTIME\x1b[22m");
    expect(paint("green", "")).toBe("");
  });

  it("colours statuses by meaning and HTTP codes by class", () => {
    expect(["failure", "failed", "warning", "success", "ok", "running", "info", "unknown"].map(statusColour)).toEqual([
      "red",
      "red",
      "yellow",
      "green",
      "green",
      "cyan",
      undefined,
      undefined,
    ]);
    expect([200, 304, 404, 500].map(httpStatusColour)).toEqual(["green", "cyan", "yellow", "red"]);
  });
});
