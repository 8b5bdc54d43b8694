import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { act, caseWorld, items, photo, report, type Staff } from '../cases/test-fixtures.ts'

/**
 * The statistics catch-up takes the changed cases off stat_dirty in a transaction that lasts
 * as long as counting them. A case action on one of those cases must not wait for it: the
 * cases being worked on are the ones the catch-up takes, so every such wait would stall the
 * people at work behind the counting (migration 202612080000). PostgreSQL only: PGlite has
 * one connection, where nothing runs beside a transaction.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('counting the statistics beside the work', () => {
  let app: App
  let staff: Staff

  beforeAll(async () => {
    app = await createTestApp()
    ;({ staff } = await caseWorld(app))
  })
  afterAll(async () => {
    await app.close()
  })

  it('lets an action on a case through while a catch-up holds that case, and counts the case again afterwards', async () => {
    const reported = await report(app, staff.operator, {
      itemCode: items.kiosk,
      channel: 'hotline',
      title: '休息亭顶棚破损',
      attachmentIds: [(await photo(app, staff.operator)).id],
    })
    const db = app.database.db
    let outcome: 'acted' | 'blocked' | undefined
    await db.transaction().execute(async (trx) => {
      // What the catch-up does first: take the case off the queue, uncommitted while it counts.
      const taken = await sql`DELETE FROM stat_dirty WHERE case_id = ${reported.id}`.execute(trx)
      expect(Number(taken.numAffectedRows)).toBeGreaterThan(0)
      const holder = Number(
        (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx)).rows[0]?.pid,
      )
      const action = act(app, staff.operator, reported, 'accept').then(() => 'acted' as const)
      // Decided by the database, not by a clock: either the action finishes, or a backend shows
      // up waiting for this transaction.
      const blocked = (async () => {
        for (;;) {
          const waiting = await sql<{ n: number }>`
            SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${holder} = ANY (pg_blocking_pids(pid))`.execute(
            db,
          )
          if ((waiting.rows[0]?.n ?? 0) > 0) return 'blocked' as const
          if (outcome) return outcome
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
      })()
      outcome = await Promise.race([action, blocked])
      if (outcome === 'blocked') {
        // Let the action finish once this transaction ends, so nothing is left running.
        void action.catch(() => undefined)
      }
    })
    expect(outcome).toBe('acted')
    // The action marked the case anew, so the next catch-up counts its acceptance.
    const pending = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM stat_dirty WHERE case_id = ${reported.id}`.execute(db)
    expect(pending.rows[0]?.n).toBeGreaterThan(0)
    await app.services.stats.catchUp()
    const facts = await sql<{ accepted: boolean }>`
      SELECT accepted_day IS NOT NULL AS accepted FROM stat_case_facts WHERE case_id = ${reported.id}`.execute(
      db,
    )
    expect(facts.rows[0]?.accepted).toBe(true)
    const left = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM stat_dirty WHERE case_id = ${reported.id}`.execute(db)
    expect(left.rows[0]?.n).toBe(0)
  })
})
