import type { Writable } from "node:stream";
import type { ListReport, VendorReport } from "../report.js";

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** The per-vendor summary printed at the end. Error messages come from the clients, which redact credentials. */
export function formatSummary(report: ListReport, extra?: (r: VendorReport) => string): string {
  const rows = report.all();
  if (rows.length === 0) return "";
  const head = `${"vendor".padEnd(10)} ${"status".padEnd(7)} ${"events".padStart(7)} ${"pages".padStart(6)} ${"retries".padStart(7)} ${"time".padStart(7)}`;
  const lines = [head];
  const notes: string[] = [];
  for (const r of rows) {
    lines.push(
      `${r.vendor.padEnd(10)} ${r.status.padEnd(7)} ${String(r.events).padStart(7)} ${String(r.pages).padStart(6)} ${(r.retries === undefined ? "-" : String(r.retries)).padStart(7)} ${seconds(r.durationMs).padStart(7)}` +
        (extra ? extra(r) : ""),
    );
    for (const error of r.errors) notes.push(`  ${r.vendor}: ${error.name}: ${error.message}`);
    for (const warning of r.warnings) notes.push(`  ${r.vendor}: warning: ${warning}`);
    if (r.eventWarnings > 0) notes.push(`  ${r.vendor}: ${r.eventWarnings} event${r.eventWarnings === 1 ? "" : "s"} with missing or unknown values (see each event's "warnings")`);
  }
  return [...lines, ...notes].join("\n") + "\n";
}

/** One line on stderr, redrawn a few times a second, when stderr is a terminal (never into a log file). */
export function startProgress(report: ListReport, stream: Writable & { isTTY?: boolean }): { stop(): void } {
  if (!stream.isTTY) return { stop: () => undefined };
  const draw = (): void => {
    const parts = report.all().map((r) => `${r.vendor} ${mark(r)}${r.pages}p`);
    stream.write(`\r\x1b[2K${parts.join("  ")}`);
  };
  const timer = setInterval(draw, 150);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      stream.write("\r\x1b[2K");
    },
  };
}

function mark(r: VendorReport): string {
  return r.status === "running" ? "" : r.status === "ok" ? "✓ " : r.status === "failed" ? "✗ " : "· ";
}
