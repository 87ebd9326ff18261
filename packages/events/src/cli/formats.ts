import type { Event } from "../event.js";

export const FORMATS = ["table", "jsonl", "json"] as const;
export type Format = (typeof FORMATS)[number];

export interface EventWriter {
  readonly header: string;
  line(event: Event, index: number): string;
  readonly footer: (count: number) => string;
}

/** Columns of the table: the title takes what the others leave of the terminal's width. */
const TIME = 19;
const VENDOR = 9;
const STATUS = 7;
const TYPE = 18;
const MIN_TITLE = 10;

function cell(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

/** Readable at 80 columns: time in UTC to the second, and the rest cut to fit with an ellipsis. */
function tableWriter(columns: number): EventWriter {
  const titleWidth = Math.max(MIN_TITLE, columns - (TIME + VENDOR + STATUS + TYPE + 4));
  const row = (time: string, vendor: string, status: string, type: string, title: string): string =>
    `${cell(time, TIME)} ${cell(vendor, VENDOR)} ${cell(status, STATUS)} ${cell(type, TYPE)} ${cell(title, titleWidth)}`.trimEnd() +
    "\n";
  return {
    header: row("TIME (UTC)", "VENDOR", "STATUS", "TYPE", "TITLE"),
    line: (e) => row(e.occurredAt.slice(0, 19).replace("T", " "), e.vendor, e.status, e.type, actorPrefix(e) + e.title),
    footer: () => "",
  };
}

function actorPrefix(e: Event): string {
  const who = e.actor?.name ?? e.actor?.email;
  return who ? `${who}: ` : "";
}

export function writerFor(format: Format, columns: number): EventWriter {
  switch (format) {
    case "table":
      return tableWriter(columns);
    case "jsonl":
      return { header: "", line: (e) => `${JSON.stringify(e)}\n`, footer: () => "" };
    case "json":
      // Streamed as it comes, so a long listing never has to fit in memory as one string.
      return {
        header: "[",
        line: (e, i) => `${i === 0 ? "\n" : ",\n"}${JSON.stringify(e)}`,
        footer: (n) => (n === 0 ? "]\n" : "\n]\n"),
      };
  }
}
