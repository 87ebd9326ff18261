/**
 * Colour for the command-line tools (`eventkit`, `eventkit-mock`), decided once per stream:
 * `NO_COLOR` (set and not empty, https://no-color.org) always turns it off, even beside a
 * `FORCE_COLOR` that some tool exported; `FORCE_COLOR` turns it on into a pipe or file (`0` or
 * `false`: off); otherwise a terminal has colour when Node says it has (`tty.WriteStream#hasColors`,
 * which also honours `NODE_DISABLE_COLORS` and `TERM=dumb`). Plain SGR codes, no dependency: six
 * styles are all a log line needs.
 */

export type Colour = "red" | "green" | "yellow" | "cyan" | "dim" | "bold";

/** Wraps text in a colour, or returns it unchanged where colour is off. */
export type Paint = (colour: Colour, text: string) => string;

const CODES: Record<Colour, readonly [number, number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/** Any writable stream; a terminal's has `isTTY` and `hasColors`. */
type MaybeTerminal = NodeJS.WritableStream & {
  readonly isTTY?: boolean;
  hasColors?(env?: Record<string, string | undefined>): boolean;
};

/** Whether text written to `stream` should be coloured. */
export function colourEnabled(stream: MaybeTerminal, env: Record<string, string | undefined> = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (stream.isTTY !== true || typeof stream.hasColors !== "function") return false;
  return stream.hasColors(env);
}

const plain: Paint = (_colour, text) => text;

const ansi: Paint = (colour, text) => {
  const [open, close] = CODES[colour];
  return text === "" ? text : `\x1b[${open}m${text}\x1b[${close}m`;
};

/** The painter for one stream. */
export function paintFor(stream: MaybeTerminal, env: Record<string, string | undefined> = process.env): Paint {
  return colourEnabled(stream, env) ? ansi : plain;
}

/** The colour of an event status (`@eventkit/events`' vocabulary) or a run's outcome. */
export function statusColour(status: string): Colour | undefined {
  switch (status) {
    case "failure":
    case "failed":
      return "red";
    case "warning":
    case "partial":
      return "yellow";
    case "success":
    case "ok":
      return "green";
    case "pending":
    case "running":
      return "cyan";
    default:
      return undefined;
  }
}

/** The colour of an HTTP status code in a request log. */
export function httpStatusColour(status: number): Colour {
  return status >= 500 ? "red" : status >= 400 ? "yellow" : status >= 300 ? "cyan" : "green";
}
