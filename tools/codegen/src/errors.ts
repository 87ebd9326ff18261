/** A problem in an input file, reported as `file:line:column: message`. */
export class SpecError extends Error {
  override readonly name = "SpecError";
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }

  get where(): string {
    if (this.line === undefined) return this.file;
    return `${this.file}:${this.line}:${this.column ?? 1}`;
  }

  override toString(): string {
    return `${this.where}: ${this.message}`;
  }
}
