/**
 * Load: N workers each run one operation after another until a deadline (closed loop), or, with
 * `ratePerSecond`, operations start on a fixed schedule that the N workers serve (open loop with at
 * most N in flight).
 */

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
  /**
   * Offered rate: operation k is due at k / rate seconds after the start, whoever is free takes it,
   * and its latency counts from when it was due, not from when a worker got to it: time spent
   * waiting for a free worker is latency the caller would have seen (wrk2's correction of
   * "coordinated omission"). Without it, workers run back to back.
   */
  ratePerSecond?: number
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
  const rate = options.ratePerSecond
  const latencies: number[] = []
  const started = performance.now()
  const deadline = started + durationMs
  let begun = 0
  let failed = false
  const loop = async (worker: number): Promise<void> => {
    let seq = 0
    while (!failed && begun < maxOperations && performance.now() < deadline) {
      const slot = begun++
      let t0 = performance.now()
      if (rate !== undefined) {
        const due = started + (slot * 1000) / rate
        if (due >= deadline) break
        if (due > t0) await new Promise((resolve) => setTimeout(resolve, due - t0))
        t0 = due
      }
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
