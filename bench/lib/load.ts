/** Closed-loop load: N workers each run one operation after another until a deadline. */

export interface LoadResult {
  workers: number
  operations: number
  /** From the start until the last worker finished its last operation. */
  elapsedMs: number
  /** Operations per second over elapsedMs. */
  rate: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
}

/** Percentile by nearest rank of sorted samples (p in 0..100). */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN
}

export interface LoadOptions {
  /** Start no more than this many operations, all workers together (default: no limit). */
  maxOperations?: number
}

/**
 * Runs `operation(worker, seq)` in `workers` parallel loops for `durationMs` (or until
 * `maxOperations` have started); an operation that starts before the deadline is allowed to finish.
 * Latency of each operation is recorded. When an operation throws, no loop starts another one and
 * the promise rejects with that error.
 */
export async function runLoad(
  workers: number,
  durationMs: number,
  operation: (worker: number, seq: number) => Promise<void>,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const maxOperations = options.maxOperations ?? Number.POSITIVE_INFINITY
  const latencies: number[] = []
  const started = performance.now()
  const deadline = started + durationMs
  let begun = 0
  let failed = false
  const loop = async (worker: number): Promise<void> => {
    let seq = 0
    while (!failed && begun < maxOperations && performance.now() < deadline) {
      begun++
      const t0 = performance.now()
      try {
        await operation(worker, seq)
      } catch (error) {
        failed = true
        throw error
      }
      latencies.push(performance.now() - t0)
      seq++
    }
  }
  await Promise.all(Array.from({ length: workers }, (_, w) => loop(w)))
  const elapsedMs = performance.now() - started
  const sorted = Float64Array.from(latencies).sort()
  return {
    workers,
    operations: latencies.length,
    elapsedMs,
    rate: (latencies.length * 1000) / elapsedMs,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length > 0 ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
  }
}
