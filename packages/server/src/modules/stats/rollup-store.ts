import { measures } from '@onegrid/core/stats/measures'
import { type PeriodKind, periodKinds } from '@onegrid/core/stats/periods'
import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import { lockForTransaction, lockKeys } from '../../platform/db/locks.ts'
import { anchorDays, contributions, factColumns, factsSelect } from './facts-sql.ts'

/**
 * How the rebuild slices a kind's periods: months of period starts for the short kinds,
 * a quarter's or a year's for the long ones; and the longest period of a kind, so a slice
 * reads the facts with a day in [its first period, its last period's end).
 */
const sliceMonths: Record<PeriodKind, number> = {
  day: 1,
  week: 1,
  half_month: 1,
  month: 1,
  quarter: 3,
  year: 12,
}
const longestDays: Record<PeriodKind, number> = {
  day: 1,
  week: 7,
  half_month: 16,
  month: 31,
  quarter: 92,
  year: 366,
}

/** Facts with an anchor day in [from, to): those that can contribute to periods starting in a slice. */
function touching(from: string, to: string, kind: PeriodKind): RawBuilder<boolean> {
  const arms = anchorDays.map(
    (d) =>
      `(${d.replace(/^f\./, '')} >= DATE '${from}' AND ${d.replace(/^f\./, '')} < DATE '${to}' + ${longestDays[kind]})`,
  )
  return sql.raw(arms.join(' OR '))
}

/** First days of the slices covering [first, last]: `months` apart, from first's month. */
export function sliceStarts(first: string, last: string, months: number): string[] {
  const starts: string[] = []
  const [y, m] = first.split('-').map(Number) as [number, number]
  for (let i = 0; ; i += months) {
    const d = new Date(Date.UTC(y, m - 1 + i, 1))
    const iso = d.toISOString().slice(0, 10)
    if (iso > last) break
    starts.push(iso)
  }
  return starts
}

/**
 * The grains rollups are kept at: by area alone (per grid), or by area and one more
 * dimension. The finer grains are kept per street (the path's first `fineDepth` labels:
 * district, street): per grid every case was nearly a row of its own in them (measured:
 * 23 rows and 14 KB per case), and the facts of a community or a grid are few enough to
 * count directly (grainFor sends those queries to the facts).
 */
export const grains = ['area', 'item', 'channel', 'unit', 'reporter', 'handler'] as const
export type Grain = (typeof grains)[number]

/** How many labels of the area path the finer grains keep (district.street). */
export const fineDepth = 2

const keyList = 'grain, kind, period_start, area_path, grid_code, item_code, channel, unit_id, person_id'
const sums = measures.map((m) => `sum(${m})`).join(', ')
const adds = measures.map((m) => `${m} = stat_rollups.${m} + excluded.${m}`).join(', ')
const nonZero = measures.map((m) => `sum(${m}) <> 0`).join(' OR ')

/**
 * The rollup rows of every grain from `source` (contributions: kind, period_start, keys…,
 * measures) in one pass: GROUPING SETS over the grid's path, and over the street's with
 * each further dimension; a key a grain does not group by is '' or 0. Paths are grouped
 * as text (ltree cannot be hashed: as ltree the sets are sorted, several times slower).
 * `ordered`: rows in key order, so concurrent writers never deadlock; all-zero rows left
 * out (a case counted back to zero is no group).
 */
function rollupRows(source: string, ordered: boolean): string {
  return `
    SELECT CASE WHEN grouping(item_code) = 0 THEN 'item' WHEN grouping(channel) = 0 THEN 'channel'
                WHEN grouping(unit_id) = 0 THEN 'unit' WHEN grouping(reporter_id) = 0 THEN 'reporter'
                WHEN grouping(handler_id) = 0 THEN 'handler' ELSE 'area' END AS grain,
           kind, period_start, CAST(coalesce(area_text, fine_text) AS ltree), coalesce(grid_code, ''),
           coalesce(item_code, ''), coalesce(channel, ''), coalesce(unit_id, 0), coalesce(reporter_id, handler_id, 0), ${sums}
    FROM (SELECT *, CAST(area_path AS text) AS area_text,
                 CAST(subpath(area_path, 0, least(nlevel(area_path), ${fineDepth})) AS text) AS fine_text
          FROM ${source}) s
    GROUP BY kind, period_start, GROUPING SETS ((area_text, grid_code), (fine_text, item_code), (fine_text, channel),
                                               (fine_text, unit_id), (fine_text, reporter_id), (fine_text, handler_id))
    HAVING ${nonZero}
    ${ordered ? 'ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9' : ''}`
}

/**
 * JIT compiling these wide statements costs seconds (measured: 2.9 s of a 3.8 s rollup,
 * and on every catch-up batch its cost estimate crosses the threshold) and saves less.
 */
const noJit = sql`SET LOCAL jit = off`
const catchUpMemory = sql`SET LOCAL work_mem = '64MB'`

/**
 * Keeps stat_case_facts and stat_rollups in step with the cases (the catch-up
 * job). A batch takes changed cases off stat_dirty (a queue where a case may stand several
 * times: migration 202612080000), subtracts what their old facts
 * contributed, derives their facts anew and adds what those contribute, in one
 * transaction under one advisory lock (one catch-up at a time across instances, so
 * a case is never counted by two batches at once).
 */
export class RollupStore {
  constructor(private readonly db: Db) {}

  /** Counts up to `limit` changed cases; returns how many. */
  async catchUp(limit: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, lockKeys.statistics)
      await noJit.execute(trx)
      // The batch's contributions are grouped six ways (GROUPING SETS) and sorted for the upsert:
      // at the default 4 MB they spill to disk, on PGlite to its in-memory file system. In memory a
      // batch costs a third (PGlite, 360 cases: 628 → 245 ms; 2,000: 4.8 → 1.6 s). One catch-up
      // runs at a time (the lock above), so this is bounded.
      await catchUpMemory.execute(trx)
      await sql`CREATE TEMP TABLE stat_batch (case_id bigint PRIMARY KEY) ON COMMIT DROP`.execute(trx)
      const taken = await sql`
        WITH d AS (
          DELETE FROM stat_dirty WHERE case_id IN (SELECT case_id FROM stat_dirty ORDER BY case_id LIMIT ${limit})
          RETURNING case_id)
        INSERT INTO stat_batch SELECT DISTINCT case_id FROM d`.execute(trx)
      const n = Number(taken.numAffectedRows ?? 0)
      if (n === 0) {
        await sql`DROP TABLE stat_batch`.execute(trx)
        return 0
      }
      await sql`
        CREATE TEMP TABLE stat_delta ON COMMIT DROP AS
        ${contributions(sql`SELECT * FROM stat_case_facts WHERE case_id IN (SELECT case_id FROM stat_batch)`, -1)}`.execute(
        trx,
      )
      await sql`DELETE FROM stat_case_facts WHERE case_id IN (SELECT case_id FROM stat_batch)`.execute(trx)
      await sql`
        INSERT INTO stat_case_facts (${sql.raw(factColumns.join(', '))})
        ${factsSelect(sql`c.id IN (SELECT case_id FROM stat_batch)`)}`.execute(trx)
      await sql`
        INSERT INTO stat_delta
        ${contributions(sql`SELECT * FROM stat_case_facts WHERE case_id IN (SELECT case_id FROM stat_batch)`, 1)}`.execute(
        trx,
      )
      await this.apply(trx)
      return n
    })
  }

  /** Adds the batch's delta to every grain. */
  private async apply(trx: Db): Promise<void> {
    await sql`
      INSERT INTO stat_rollups (${sql.raw(keyList)}, ${sql.raw(measures.join(', '))})
      ${sql.raw(rollupRows('stat_delta', true))}
      ON CONFLICT (${sql.raw(keyList)}) DO UPDATE SET ${sql.raw(adds)}`.execute(trx)
  }

  /** Counts everything until nothing waits (tests, the rebuild, the demo loader). */
  async drain(batch = 5_000): Promise<number> {
    let total = 0
    for (;;) {
      const n = await this.catchUp(batch)
      total += n
      if (n === 0) return total
    }
  }

  /**
   * Forgets every fact and rollup and counts all cases afresh (`onegrid stats rebuild`, a
   * bulk load): set-based, in one transaction under the catch-up's lock — the facts of all
   * cases in slices of `slice` case ids, then the rollups one period kind at a time straight
   * from the facts, each kind's groups written once (no upserts). What changes meanwhile is
   * marked by the triggers and counted by the catch-up afterwards, against these facts.
   */
  async rebuild(onProgress: (step: string) => void = () => undefined, slice = 1_000_000): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, lockKeys.statistics)
      await noJit.execute(trx)
      // Every grouping set hashed: the planner cannot estimate the groups of the contributions
      // (at 1,000,000 cases it expected 6.2 million for a month, there were 10,672), and when its
      // estimate exceeds the hash memory it sorts them on disk instead — 2 GB sorted five times over,
      // 75 s a kind. The budget is the planner's; the tables use what the groups need (148 MB there)
      // and spill to disk beyond it.
      await sql`SET LOCAL work_mem = '1GB'`.execute(trx)
      await sql`SET LOCAL hash_mem_multiplier = 16`.execute(trx)
      await sql`SET LOCAL maintenance_work_mem = '512MB'`.execute(trx)
      await sql`TRUNCATE stat_case_facts, stat_rollups`.execute(trx)
      // Indexed once at the end (a sort) rather than row by row; TRUNCATE holds the table anyway.
      await sql`ALTER TABLE stat_rollups DROP CONSTRAINT stat_rollups_pkey`.execute(trx)
      await sql`DELETE FROM stat_dirty`.execute(trx)
      const range = await sql<{ lo: string | null; hi: string | null }>`
        SELECT min(id) AS lo, max(id) AS hi FROM cases`.execute(trx)
      const lo = Number(range.rows[0]?.lo ?? 0)
      const hi = Number(range.rows[0]?.hi ?? -1)
      let counted = 0
      for (let from = lo; from <= hi; from += slice) {
        const r = await sql`
          INSERT INTO stat_case_facts (${sql.raw(factColumns.join(', '))})
          ${factsSelect(sql`c.id >= ${from} AND c.id < ${from + slice}`)}`.execute(trx)
        counted += Number(r.numAffectedRows ?? 0)
        onProgress(`facts of ${counted} cases`)
      }
      await sql`ANALYZE stat_case_facts`.execute(trx)
      // Each kind in slices of its periods: a slice's groups and spill are a month's (a year's
      // grouping sets at once sorted and spilled 75 GB at 10,000,000 cases). Slices are disjoint
      // in period_start, so their rows never collide.
      const span = await sql<{ first: string | null; last: string | null }>`
        SELECT least(${sql.raw(anchorDays.map((d) => `min(${d.replace(/^f\./, '')})`).join(', '))})::text AS first,
               greatest(${sql.raw(anchorDays.map((d) => `max(${d.replace(/^f\./, '')})`).join(', '))})::text AS last
        FROM stat_case_facts`.execute(trx)
      const { first, last } = span.rows[0] ?? { first: null, last: null }
      for (const kind of periodKinds) {
        if (!first || !last) break
        const starts = sliceStarts(first, last, sliceMonths[kind])
        for (const [i, from] of starts.entries()) {
          const to =
            starts[i + 1] ??
            new Date(Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1 + sliceMonths[kind], 1))
              .toISOString()
              .slice(0, 10)
          // A period starting before the first slice (a week from the last days of a month) is the first slice's.
          const lower = i === 0 ? '0001-01-01' : from
          await sql`
            INSERT INTO stat_rollups (${sql.raw(keyList)}, ${sql.raw(measures.join(', '))})
            WITH c AS (
              SELECT * FROM (${contributions(
                sql`SELECT * FROM stat_case_facts WHERE ${touching(lower, to, kind)}`,
                1,
                [kind],
              )}) slice
              WHERE period_start >= ${lower}::date AND period_start < ${to}::date)
            ${sql.raw(rollupRows('c', false))}`.execute(trx)
        }
        onProgress(`rollups by ${kind}`)
      }
      await sql`ALTER TABLE stat_rollups ADD PRIMARY KEY (${sql.raw(keyList)})`.execute(trx)
      onProgress('rollups indexed')
      return counted
    })
  }

  async pending(): Promise<number> {
    const r = await sql<{ n: string }>`SELECT count(DISTINCT case_id) AS n FROM stat_dirty`.execute(this.db)
    return Number(r.rows[0]?.n ?? 0)
  }
}
