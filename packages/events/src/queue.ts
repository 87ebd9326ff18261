/**
 * A bounded hand-off between one producer and one consumer: `push` returns once there is room for
 * the next item, so a producer that reads only after `push` returns holds nothing beyond the
 * `capacity` items queued. That is what keeps a fast vendor from running ahead of the merge and
 * filling memory (waiting for room before queueing instead would add one item held by the producer).
 */
export class PageQueue<T> {
  private readonly items: T[] = [];
  private closed = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(private readonly capacity: number) {}

  async push(item: T): Promise<void> {
    if (this.closed) return;
    this.items.push(item);
    this.wake("consumer");
    while (this.items.length >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => (this.wakeProducer = resolve));
    }
  }

  /** The next item, or undefined once closed and drained. */
  async shift(): Promise<T | undefined> {
    while (this.items.length === 0 && !this.closed) {
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    }
    const item = this.items.shift();
    this.wake("producer");
    return item;
  }

  /** No more items; what is queued can still be taken. A waiting producer returns without pushing. */
  close(): void {
    this.closed = true;
    this.wake("consumer");
    this.wake("producer");
  }

  private wake(who: "consumer" | "producer"): void {
    const wake = who === "consumer" ? this.wakeConsumer : this.wakeProducer;
    if (who === "consumer") this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    wake?.();
  }
}
