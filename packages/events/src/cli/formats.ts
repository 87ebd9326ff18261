import { type Paint, statusColour } from "@eventkit/runtime/terminal";
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

/** Colours a padded cell by its status; the padding stays outside the codes so the columns line up. */
function statusCell(status: string, paint: Paint): string {
  const padded = cell(status, STATUS);
  const colour = statusColour(status);
  return colour ? paint(colour, padded.trimEnd()) + padded.slice(padded.trimEnd().length) : padded;
}

/**
 * Readable at 80 columns: time in UTC to the second, and the rest cut to fit with an ellipsis. On a
 * terminal with colours the status is coloured and the header bold.
 */
function tableWriter(columns: number, paint: Paint): EventWriter {
  const titleWidth = Math.max(MIN_TITLE, columns - (TIME + VENDOR + STATUS + TYPE + 4));
  const row = (time: string, vendor: string, status: string, type: string, title: string): string =>
    `${cell(time, TIME)} ${cell(vendor, VENDOR)} ${status} ${cell(type, TYPE)} ${cell(title, titleWidth)}`.trimEnd() +
    "\n";
  return {
    header: paint("bold", row("TIME (UTC)", "VENDOR", cell("STATUS", STATUS), "TYPE", "TITLE").trimEnd()) + "\n",
    line: (e) =>
      row(
        e.occurredAt.slice(0, 19).replace("T", " "),
        e.vendor,
        statusCell(e.status, paint),
        e.type,
        actorPrefix(e) + e.title,
      ),
    footer: () => "",
  };
}

function actorPrefix(e: Event): string {
  const who = e.actor?.name ?? e.actor?.email;
  return who ? `${who}: ` : "";
}

/** `paint` colours the table only: JSON output is data and never carries colour codes. */
export function writerFor(format: Format, columns: number, paint: Paint = (_c, text) => text): EventWriter {
  switch (format) {
    case "table":
      return tableWriter(columns, paint);
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
