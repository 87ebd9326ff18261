/** Failures a scenario injects, so that clients can be tested on what real vendors do to them. */
export interface FaultOptions {
  /** Requests number `every`, 2×`every`, … (counting every request, retries included) get 429. */
  readonly rateLimit?: { readonly every?: number; readonly retryAfterSeconds?: number };
  /**
   * After `after` (default 1) successful responses, the next `burst` requests get `status`
   * (default 503); then it starts over. With the default 2 retries a burst of 2 is survivable.
   */
  readonly serverErrors?: { readonly burst: number; readonly status?: number; readonly after?: number };
  /** Every response waits this long before it is sent. */
  readonly slowMs?: number;
  /** Page `page` (from 1) of any listing is sent as a truncated JSON body, every time it is asked for. */
  readonly malformed?: { readonly page: number };
}

export type Fault =
  | { readonly kind: "rate-limit"; readonly retryAfterSeconds: number }
  | { readonly kind: "server-error"; readonly status: number };

/** Decides, request by request, which fault (if any) answers instead of the data. */
export class FaultSchedule {
  private requests = 0;
  private servedSinceBurst = 0;
  private burstLeft = 0;

  constructor(private readonly options: FaultOptions) {}

  /** Called once per incoming request, in arrival order. */
  next(): Fault | undefined {
    this.requests++;
    const { rateLimit, serverErrors } = this.options;
    if (rateLimit && this.requests % Math.max(1, rateLimit.every ?? 2) === 0) {
      return { kind: "rate-limit", retryAfterSeconds: rateLimit.retryAfterSeconds ?? 1 };
    }
    if (serverErrors && serverErrors.burst > 0) {
      if (this.burstLeft === 0 && this.servedSinceBurst >= (serverErrors.after ?? 1))
        this.burstLeft = serverErrors.burst;
      if (this.burstLeft > 0) {
        this.burstLeft--;
        if (this.burstLeft === 0) this.servedSinceBurst = 0;
        return { kind: "server-error", status: serverErrors.status ?? 503 };
      }
    }
    this.servedSinceBurst++;
    return undefined;
  }

  isMalformed(page: number): boolean {
    return this.options.malformed?.page === page;
  }

  get slowMs(): number {
    return Math.max(0, this.options.slowMs ?? 0);
  }
}
