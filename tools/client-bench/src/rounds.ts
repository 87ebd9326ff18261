/**
 * A/B comparison that holds on a busy machine: contenders run in interleaved rounds (the order
 * rotated and reversed from round to round, so that no contender always follows the same one), each
 * batch timed in CPU time of this process rather than wall time (time the scheduler gives to other
 * processes does not count), and each contender is compared with the baseline of the same round.
 * The figure is the median of those per-round ratios, with its spread. (Forcing a garbage
 * collection before each batch was tried and made it worse: process.cpuUsage counts the collector's
 * helper threads, whose concurrent sweeping then lands in the next batch.)
 */

export interface Contender {
  readonly name: string;
  readonly call: () => Promise<unknown>;
}

export interface RoundsOptions {
  readonly rounds: number;
  /** Calls per contender per round. */
  readonly batch: number;
  /** Untimed batches per contender first (JIT warm-up). Default 2. */
  readonly warmup?: number;
}

export interface Spread {
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
  /** A 95% confidence interval of the median (order statistics n/2 ± 0.98·√n): how far to trust it. */
  readonly medianLow: number;
  readonly medianHigh: number;
}

export interface RoundsResult {
  readonly rounds: number;
  readonly batch: number;
  readonly contenders: readonly {
    readonly name: string;
    /** Median CPU µs per call over the rounds. */
    readonly cpuMicrosPerCall: number;
    /** Baseline CPU time / this contender's, per round: above 1 is cheaper than the baseline. */
    readonly ratio: Spread;
  }[];
}

/** Linear-interpolated quantile `q` (0..1) of `sorted` (ascending, non-empty). */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error("spread of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    medianLow: sorted[Math.max(0, Math.floor(n / 2 - 0.98 * Math.sqrt(n)))]!,
    medianHigh: sorted[Math.min(n - 1, Math.ceil(n / 2 + 0.98 * Math.sqrt(n)))]!,
  };
}

/** The order of round `round`: rotated by the round number, reversed every other round. */
export function roundOrder(count: number, round: number): number[] {
  const order = Array.from({ length: count }, (_, i) => (i + round) % count);
  return Math.floor(round / count) % 2 === 1 ? order.reverse() : order;
}

async function cpuMicros(call: () => Promise<unknown>, batch: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < batch; i++) await call();
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

export async function compareInRounds(
  contenders: readonly Contender[],
  baseline: string,
  options: RoundsOptions,
): Promise<RoundsResult> {
  const base = contenders.findIndex((c) => c.name === baseline);
  if (base === -1) throw new Error(`no contender named ${baseline}`);
  for (const c of contenders) for (let w = 0; w < (options.warmup ?? 2); w++) await cpuMicros(c.call, options.batch);
  const cpu: number[][] = contenders.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    for (const i of roundOrder(contenders.length, round))
      cpu[i]!.push(await cpuMicros(contenders[i]!.call, options.batch));
  }
  return {
    rounds: options.rounds,
    batch: options.batch,
    contenders: contenders.map((c, i) => ({
      name: c.name,
      cpuMicrosPerCall: spread(cpu[i]!).median / options.batch,
      ratio: spread(cpu[base]!.map((b, round) => b / Math.max(1, cpu[i]![round]!))),
    })),
  };
}
