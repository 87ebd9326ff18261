import { httpStatusColour, type Paint } from "@eventkit/runtime/terminal";
import type { MockExchange } from "./mock.js";
import { describeViolation } from "./violations.js";

/** Wider paths are cut in the middle; a log line should fit a terminal. */
const MAX_PATH = 90;

const plain: Paint = (_colour, text) => text;

/**
 * `12:03:04 opal  GET /events?page_size=5 → 200  2 ms  0 violations`, then one line per violation;
 * on a terminal with colours the status by its class and violations in red.
 */
export function formatExchange(
  exchange: MockExchange,
  targetWidth: number,
  now: Date = new Date(),
  paint: Paint = plain,
): string {
  const time = now.toISOString().slice(11, 19);
  const path =
    exchange.path.length > MAX_PATH
      ? `${exchange.path.slice(0, 60)}…${exchange.path.slice(-(MAX_PATH - 61))}`
      : exchange.path;
  const count = exchange.violations.length;
  const problem = exchange.problem ? `  (Prism: ${exchange.problem.title})` : "";
  const head = `${time} ${exchange.target.padEnd(targetWidth)}  ${exchange.method.padEnd(6)} ${path} → ${paint(httpStatusColour(exchange.status), String(exchange.status))}${problem}  ${Math.round(exchange.durationMs)} ms  ${count ? paint("red", `${count} violation${count === 1 ? "" : "s"}`) : "0 violations"}`;
  return [
    head,
    ...exchange.violations.map((v) => `         ${" ".repeat(targetWidth)}  ↳ ${paint("red", describeViolation(v))}`),
  ].join("\n");
}

/** Columns padded to their widest cell. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
