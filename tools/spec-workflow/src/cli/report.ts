import { SpecError } from "@eventkit/codegen";

/** One line a user can act on: `file:line:column: message` for spec problems. */
export function describeError(error: unknown): string {
  if (error instanceof SpecError) return error.toString();
  if (error instanceof Error) return process.env.EVENTKIT_DEBUG ? (error.stack ?? error.message) : error.message;
  return String(error);
}

export const print = (text: string) => process.stdout.write(text);
export const printErr = (text: string) => process.stderr.write(text);
