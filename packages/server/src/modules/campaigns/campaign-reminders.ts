import type { FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import type { CampaignPorts } from './campaign-ports.ts'

/**
 * The campaigns' reminders, run every minute by every instance: one working day
 * before the deadline each assignee with open items hears of them; once the
 * deadline has passed the grid leaders of grids with open items do. A campaign is
 * claimed with FOR UPDATE SKIP LOCKED and marked in the same transaction as the
 * notifications it enqueues, so each reminder goes once, whichever instance sends it.
 */
export class CampaignReminders {
  constructor(
    private readonly ports: CampaignPorts,
    private readonly log: FastifyBaseLogger,
  ) {}

  async run(): Promise<{ before: number; after: number }> {
    let before = 0
    let after = 0
    while (await this.remindBefore()) before++
    while (await this.remindAfter()) after++
    if (before + after > 0) this.log.info({ before, after }, 'campaign reminders sent')
    return { before, after }
  }

  /** One campaign whose day-before reminder is due: its assignees with open items. */
  private async remindBefore(): Promise<boolean> {
    const now = this.ports.clock.now()
    return this.ports.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: number; title: string; deadline_date: string }>`
        SELECT id, title, deadline_date::text AS deadline_date FROM campaigns
        WHERE status = 'active' AND reminded_before_at IS NULL AND remind_at <= ${now} AND deadline_at > ${now}
        ORDER BY remind_at LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(trx)
      const c = rows[0]
      if (!c) return false
      const open = await sql<{ assignee_id: number; n: number }>`
        SELECT assignee_id, count(*) AS n FROM campaign_items
        WHERE campaign_id = ${c.id} AND status <> 'done' AND assignee_id IS NOT NULL
        GROUP BY assignee_id ORDER BY assignee_id`.execute(trx)
      for (const r of open.rows)
        await this.ports.notify(
          trx,
          {
            kind: 'campaign.due_soon',
            title: `专项任务即将截止：${c.title}`,
            body: `「${c.title}」将于 ${c.deadline_date} 截止，您还有 ${Number(r.n)} 个任务对象未完成。`,
            caseId: null,
            caseCode: null,
            recipients: { userIds: [Number(r.assignee_id)] },
          },
          now,
        )
      await trx.updateTable('campaigns').set({ reminded_before_at: now }).where('id', '=', c.id).execute()
      return true
    })
  }

  /** One campaign past its deadline: the grid leaders of each grid with open items. */
  private async remindAfter(): Promise<boolean> {
    const now = this.ports.clock.now()
    return this.ports.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: number; title: string; deadline_date: string }>`
        SELECT id, title, deadline_date::text AS deadline_date FROM campaigns
        WHERE status = 'active' AND reminded_after_at IS NULL AND deadline_at <= ${now}
        ORDER BY deadline_at LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(trx)
      const c = rows[0]
      if (!c) return false
      const lagging = await sql<{ grid_code: string; area_path: string; open: number; total: number }>`
        SELECT grid_code, area_path::text AS area_path, total - done AS open, total FROM campaign_grid_counts
        WHERE campaign_id = ${c.id} AND done < total ORDER BY grid_code`.execute(trx)
      for (const g of lagging.rows)
        await this.ports.notify(
          trx,
          {
            kind: 'campaign.overdue',
            title: `专项任务已逾期：${c.title}`,
            body: `「${c.title}」已于 ${c.deadline_date} 截止，网格 ${g.grid_code} 还有 ${Number(g.open)}/${Number(g.total)} 个任务对象未完成，请督促落实。`,
            caseId: null,
            caseCode: null,
            recipients: { roles: ['grid_leader'], areaPath: g.area_path },
          },
          now,
        )
      await trx.updateTable('campaigns').set({ reminded_after_at: now }).where('id', '=', c.id).execute()
      return true
    })
  }
}
