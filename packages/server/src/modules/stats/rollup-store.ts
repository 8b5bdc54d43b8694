import { measures } from '@onegrid/core/stats/measures'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import { lockForTransaction, lockKeys } from '../../platform/db/locks.ts'
import { contributions, factColumns, factsSelect } from './facts-sql.ts'

/** The grains rollups are kept at: by area alone, or by area and one more dimension. */
export const grains = ['area', 'item', 'channel', 'unit', 'reporter', 'handler'] as const
export type Grain = (typeof grains)[number]

const grainKeys: Record<Grain, { item: string; channel: string; unit: string; person: string }> = {
  area: { item: "''", channel: "''", unit: '0', person: '0' },
  item: { item: 'item_code', channel: "''", unit: '0', person: '0' },
  channel: { item: "''", channel: 'channel', unit: '0', person: '0' },
  unit: { item: "''", channel: "''", unit: 'unit_id', person: '0' },
  reporter: { item: "''", channel: "''", unit: '0', person: 'reporter_id' },
  handler: { item: "''", channel: "''", unit: '0', person: 'handler_id' },
}

const keyList = 'grain, kind, period_start, area_path, grid_code, item_code, channel, unit_id, person_id'
const sums = measures.map((m) => `sum(${m})`).join(', ')
const adds = measures.map((m) => `${m} = stat_rollups.${m} + excluded.${m}`).join(', ')
const nonZero = measures.map((m) => `sum(${m}) <> 0`).join(' OR ')

/**
 * Keeps stat_case_facts and stat_rollups in step with the cases (the catch-up
 * job). A batch takes changed cases off stat_dirty, subtracts what their old facts
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
      await sql`CREATE TEMP TABLE stat_batch (case_id bigint PRIMARY KEY) ON COMMIT DROP`.execute(trx)
      const taken = await sql`
        WITH d AS (
          DELETE FROM stat_dirty WHERE case_id IN (SELECT case_id FROM stat_dirty ORDER BY case_id LIMIT ${limit})
          RETURNING case_id)
        INSERT INTO stat_batch SELECT case_id FROM d`.execute(trx)
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

  /** Adds the batch's delta to every grain; rows in key order so concurrent writers never deadlock. */
  private async apply(trx: Db): Promise<void> {
    for (const g of grains) {
      const k = grainKeys[g]
      await sql`
        INSERT INTO stat_rollups (${sql.raw(keyList)}, ${sql.raw(measures.join(', '))})
        SELECT ${g}, kind, period_start, area_path, grid_code, ${sql.raw(k.item)}, ${sql.raw(k.channel)},
               ${sql.raw(k.unit)}, ${sql.raw(k.person)}, ${sql.raw(sums)}
        FROM stat_delta
        GROUP BY 2, 3, 4, 5, 6, 7, 8, 9
        HAVING ${sql.raw(nonZero)}
        ORDER BY 2, 3, 4, 5, 6, 7, 8, 9
        ON CONFLICT (${sql.raw(keyList)}) DO UPDATE SET ${sql.raw(adds)}`.execute(trx)
    }
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

  /** Forgets every fact and rollup and counts all cases afresh (`onegrid stats rebuild`). */
  async rebuild(batch = 20_000): Promise<number> {
    await this.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, lockKeys.statistics)
      await sql`TRUNCATE stat_case_facts, stat_rollups`.execute(trx)
      await sql`INSERT INTO stat_dirty (case_id) SELECT id FROM cases ON CONFLICT DO NOTHING`.execute(trx)
    })
    return this.drain(batch)
  }

  async pending(): Promise<number> {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM stat_dirty`.execute(this.db)
    return Number(r.rows[0]?.n ?? 0)
  }
}
