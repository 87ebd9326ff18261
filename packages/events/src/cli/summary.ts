import type { Writable } from "node:stream";
import { type Paint, statusColour } from "@eventkit/runtime/terminal";
import type { ListReport, VendorReport } from "../report.js";

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** The per-vendor summary printed at the end. Error messages come from the clients, which redact credentials. */
export function formatSummary(
  report: ListReport,
  extra?: (r: VendorReport) => string,
  paint: Paint = (_c, text) => text,
): string {
  const rows = report.all();
  if (rows.length === 0) return "";
  const head = `${"vendor".padEnd(10)} ${"status".padEnd(7)} ${"events".padStart(7)} ${"pages".padStart(6)} ${"retries".padStart(7)} ${"time".padStart(7)}`;
  const lines = [head];
  const notes: string[] = [];
  for (const r of rows) {
    lines.push(
      `${r.vendor.padEnd(10)} ${paintStatus(r.status, paint)} ${String(r.events).padStart(7)} ${String(r.pages).padStart(6)} ${(r.retries === undefined ? "-" : String(r.retries)).padStart(7)} ${seconds(r.durationMs).padStart(7)}` +
        (extra ? extra(r) : ""),
    );
    for (const error of r.errors) notes.push(`  ${r.vendor}: ${paint("red", `${error.name}:`)} ${error.message}`);
    for (const warning of r.warnings) notes.push(`  ${r.vendor}: ${paint("yellow", "warning:")} ${warning}`);
    if (r.eventWarnings > 0)
      notes.push(
        `  ${r.vendor}: ${r.eventWarnings} event${r.eventWarnings === 1 ? "" : "s"} with missing or unknown values (see each event's "warnings")`,
      );
  }
  return [...lines, ...notes].join("\n") + "\n";
}

function paintStatus(status: string, paint: Paint): string {
  const colour = statusColour(status);
  return (colour ? paint(colour, status) : status) + " ".repeat(Math.max(0, 7 - status.length));
}

export interface Progress {
  /** Takes the line off the screen; the next tick draws it again, below what was written meanwhile. */
  clear(): void;
  stop(): void;
}

/**
 * One line on stderr, redrawn a few times a second, when stderr is a terminal (never into a log
 * file). The line ends without a newline, so whoever writes to the same terminal (the table on
 * stdout) calls `clear()` first, or the first row would continue the progress line.
 */
export function startProgress(report: ListReport, stream: Writable & { isTTY?: boolean }): Progress {
  if (!stream.isTTY) return { clear: () => undefined, stop: () => undefined };
  let drawn = false;
  const clear = (): void => {
    if (drawn) stream.write("\r\x1b[2K");
    drawn = false;
  };
  const draw = (): void => {
    const parts = report.all().map((r) => `${r.vendor} ${mark(r)}${r.pages}p`);
    stream.write(`\r\x1b[2K${parts.join("  ")}`);
    drawn = true;
  };
  const timer = setInterval(draw, 150);
  timer.unref();
  return {
    clear,
    stop: () => {
      clearInterval(timer);
      clear();
    },
  };
}

/** No progress (`--quiet`). */
export const NO_PROGRESS: Progress = { clear: () => undefined, stop: () => undefined };

function mark(r: VendorReport): string {
  return r.status === "running" ? "" : r.status === "ok" ? "✓ " : r.status === "failed" ? "✗ " : "· ";
}
