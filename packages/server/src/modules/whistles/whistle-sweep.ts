import type { FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import type { WhistlePorts } from './ports.ts'

type DueWhistle = {
  id: number
  code: string
  title: string
  address: string | null
  area_path: string
  raised_by: number
  case_id: number | null
  status: string
}

/**
 * The whistle sweep: takes open whistles with a response past its arrival limit, with FOR
 * UPDATE SKIP LOCKED on the whistle (so instances side by side never take the same one, and
 * the lock order is the steps' own: whistle, then responses), marks those responses missed
 * (未到), bumps the whistle's version, and in the same transaction tells the raiser and the
 * center (值班长 over the place) once: a response leaves the waiting states exactly once.
 */
export class WhistleSweep {
  constructor(
    private readonly ports: Pick<WhistlePorts, 'db' | 'clock' | 'notifications' | 'hub' | 'caseRefs'>,
    private readonly log: FastifyBaseLogger,
    private readonly options: { batchSize?: number } = {},
  ) {}

  async sweep(): Promise<{ missed: number }> {
    const now = this.ports.clock.now()
    return this.ports.db.transaction().execute(async (trx) => {
      const { rows } = await sql<DueWhistle>`
        SELECT w.id, w.code, w.title, w.address, w.area_path::text AS area_path, w.raised_by, w.case_id, w.status
        FROM whistles w
        WHERE w.status = 'open' AND EXISTS (
          SELECT 1 FROM whistle_responses r
          WHERE r.whistle_id = w.id AND r.status IN ('summoned', 'acknowledged') AND r.arrive_due_at <= ${now})
        ORDER BY w.id
        LIMIT ${this.options.batchSize ?? 100}
        FOR UPDATE OF w SKIP LOCKED`.execute(trx)
      let missed = 0
      for (const w of rows) missed += await this.miss(trx, w, now)
      if (missed > 0) this.log.info({ missed, whistles: rows.length }, 'whistle sweep marked misses')
      return { missed }
    })
  }

  private async miss(trx: Db, w: DueWhistle, now: Date): Promise<number> {
    const id = Number(w.id)
    const { rows } = await sql<{ name: string }>`
      WITH m AS (
        UPDATE whistle_responses SET status = 'missed', missed_at = ${now}
        WHERE whistle_id = ${id} AND status IN ('summoned', 'acknowledged') AND arrive_due_at <= ${now}
        RETURNING unit_id
      )
      SELECT u.name FROM m JOIN units u ON u.id = m.unit_id ORDER BY u.id`.execute(trx)
    if (rows.length === 0) return 0
    await trx
      .updateTable('whistles')
      .set({ version: sql<number>`version + 1`, updated_at: now })
      .where('id', '=', id)
      .execute()
    const caseId = w.case_id === null ? null : Number(w.case_id)
    const caseCode =
      caseId === null ? null : ((await this.ports.caseRefs([caseId], trx)).get(caseId)?.code ?? null)
    await this.ports.notifications.enqueue(
      trx,
      {
        kind: 'whistle.missed',
        title: `吹哨未到：${rows.map((r) => r.name).join('、')}`,
        body: `${w.code} ${w.title}${w.address ? ` · ${w.address}` : ''}：超过到场时限未到场`,
        caseId,
        caseCode,
        recipients: { userIds: [Number(w.raised_by)], roles: ['shift_leader'], areaPath: w.area_path },
      },
      now,
    )
    await this.ports.hub.publish(
      'whistle.updated',
      { id, code: w.code, status: w.status, action: 'missed' },
      { scope: w.area_path, executor: trx },
    )
    return rows.length
  }
}
