import type { Writable } from "node:stream";

/**
 * Writes to a stream, waiting when it asks to (a slow pipe must slow the listing down rather than
 * buffer the whole feed in memory). A closed pipe (`eventkit events | head`) ends the output quietly.
 */
export class Output {
  private closedPipe = false;
  private failure: Error | undefined;

  constructor(
    private readonly stream: Writable,
    private readonly onClosedPipe: () => void,
  ) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") {
        this.closedPipe = true;
        this.onClosedPipe();
      } else this.failure = error;
    });
  }

  get closed(): boolean {
    return this.closedPipe;
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.closedPipe) return;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.off("drain", done);
          this.stream.off("error", done);
          this.stream.off("close", done);
          resolve();
        };
        this.stream.on("drain", done).on("error", done).on("close", done);
      });
    }
  }

  /** Everything written has reached the OS (or the pipe is gone). */
  async flush(): Promise<void> {
    if (this.closedPipe || this.failure) return;
    await new Promise<void>((resolve) => this.stream.write("", () => resolve()));
    if (this.failure) throw this.failure;
  }
}
