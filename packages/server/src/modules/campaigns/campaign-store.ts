import type { AuditAction } from '@onegrid/core/auth/audit-actions'
import type { Answers } from '@onegrid/core/campaigns/form'
import { type RawBuilder, sql } from 'kysely'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import type { Actor } from '../../platform/auth/principal.ts'
import type { Db } from '../../platform/db/database.ts'
import type { StaffSources } from './campaign-ports.ts'

export type NewCampaign = {
  districtCode: string
  areaCode: string
  areaPath: string
  targetPaths: readonly string[]
  issuingUnit: string
  title: string
  purpose: string
  templateKey: string | null
  priority: string
  startDate: string
  deadlineDate: string
  deadlineAt: Date
  remindAt: Date
  targets: unknown
  form: unknown
  hazardItemCode: string | null
  createdBy: number
}

/** An item's state before and after a change, for the per-grid counters. */
type Counted = { status: string; late: boolean; hazard: boolean; hasCase: boolean }

export type ItemChange = {
  itemId: number
  status: 'in_progress' | 'done'
  answers: Answers
  hazards: string[]
  attachmentIds: readonly number[]
  submittedBy: number
  submittedAt: Date
  doneAt: Date | null
  location: { lng: number; lat: number } | undefined
}

/** The first active grid worker of each grid (the earliest posting): who gets a grid's items. */
export function firstWorkers(staff: StaffSources): RawBuilder<unknown> {
  return sql`
    SELECT DISTINCT ON (ra.area_code) ra.area_code, ra.user_id
    FROM (${staff.assignments}) ra
    JOIN (${staff.accounts}) u ON u.id = ra.user_id AND u.status = 'active'
    WHERE ra.role = 'grid_worker' AND ra.area_code IS NOT NULL
    ORDER BY ra.area_code, ra.id`
}

const lit = (paths: readonly string[]) =>
  sql`ARRAY[${sql.join(paths.map((p) => sql`CAST(${p} AS ltree)`))}]::ltree[]`

/**
 * Writes of campaigns. Creation is set-based: one INSERT … SELECT of every target
 * object with its grid's worker, then the per-grid counters from what was inserted,
 * in one transaction. Every change of an item adjusts its grid's counters in the
 * same transaction.
 */
export class CampaignStore {
  constructor(
    private readonly db: Db,
    private readonly staff: StaffSources,
  ) {}

  async create(c: NewCampaign, source: RawBuilder<unknown>, kind: string, actor: Actor, now: Date) {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('campaigns')
        .values({
          district_code: c.districtCode,
          area_code: c.areaCode,
          area_path: c.areaPath,
          target_paths: lit(c.targetPaths),
          issuing_unit: c.issuingUnit,
          title: c.title,
          purpose: c.purpose,
          template_key: c.templateKey,
          priority: c.priority,
          start_date: c.startDate,
          deadline_date: c.deadlineDate,
          deadline_at: c.deadlineAt,
          remind_at: c.remindAt,
          targets: JSON.stringify(c.targets),
          form: JSON.stringify(c.form),
          hazard_item_code: c.hazardItemCode,
          created_by: c.createdBy,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const id = Number(row.id)
      // In grid order, so the indexes on (campaign, grid …) grow at their right edge instead of
      // splitting pages all over (a third faster on PGlite). Each source yields an object once
      // (registry ids, grid codes): the unique key guards, no ON CONFLICT probe per row.
      const inserted = await sql`
        INSERT INTO campaign_items (campaign_id, district_code, target_kind, target_id, target_label,
          target_address, grid_code, area_path, location, assignee_id, created_at)
        SELECT ${id}, left(s.grid_code, 6), ${kind}, s.target_id, s.target_label, s.target_address,
          s.grid_code, s.area_path, s.location, w.user_id, ${now}
        FROM (${source}) s
        LEFT JOIN (${firstWorkers(this.staff)}) w ON w.area_code = s.grid_code
        ORDER BY s.grid_code, s.target_id`.execute(trx)
      const items = Number(inserted.numAffectedRows ?? 0)
      await this.recount(trx, id)
      await auditInsert(
        trx,
        actor,
        {
          action: 'campaign.create',
          entityType: 'campaign',
          entityId: id,
          areaPath: c.areaPath,
          details: { title: c.title, kind, items, areas: c.targetPaths },
        },
        now,
      ).execute()
      return { id, items }
    })
  }

  /** Counts a campaign's items per grid afresh (creation; the demo's bulk answers). */
  async recount(executor: Db, campaignId: number): Promise<void> {
    await executor.deleteFrom('campaign_grid_counts').where('campaign_id', '=', campaignId).execute()
    await sql`
      INSERT INTO campaign_grid_counts (campaign_id, grid_code, area_path, total, pending, in_progress,
        done, late, hazards, hazard_cases)
      SELECT i.campaign_id, i.grid_code, (array_agg(i.area_path))[1], count(*),
        count(*) FILTER (WHERE i.status = 'pending'),
        count(*) FILTER (WHERE i.status = 'in_progress'),
        count(*) FILTER (WHERE i.status = 'done'),
        count(*) FILTER (WHERE i.status = 'done' AND i.done_at > c.deadline_at),
        count(*) FILTER (WHERE cardinality(i.hazards) > 0),
        count(*) FILTER (WHERE i.case_id IS NOT NULL)
      FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id
      WHERE i.campaign_id = ${campaignId}
      GROUP BY i.campaign_id, i.grid_code`.execute(executor)
  }

  /**
   * Saves an item's answers (partial or done) with its photos, adjusts its grid's
   * counters and writes the audit row. Refuses (returns false) when the campaign
   * was closed meanwhile.
   */
  async submit(change: ItemChange, actor: Actor, now: Date): Promise<'saved' | 'closed'> {
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{
        campaign_id: number
        grid_code: string
        area_path: string
        status: string
        done_at: Date | null
        hazards: string[]
        case_id: number | null
        deadline_at: Date
        campaign_status: string
      }>`
        SELECT i.campaign_id, i.grid_code, i.area_path::text AS area_path, i.status, i.done_at, i.hazards,
          i.case_id, c.deadline_at, c.status AS campaign_status
        FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id
        WHERE i.id = ${change.itemId}
        FOR UPDATE OF i, c`.execute(trx)
      const old = rows[0]
      if (!old) throw new Error(`campaign item ${change.itemId} vanished`)
      if (old.campaign_status !== 'active') return 'closed'
      const deadline = new Date(old.deadline_at).getTime()
      // A done item stays done: its first completion is when it was done.
      const doneAt = old.done_at ? new Date(old.done_at) : change.doneAt
      const status = old.status === 'done' ? 'done' : change.status
      await trx
        .updateTable('campaign_items')
        .set({
          status,
          answers: JSON.stringify(change.answers),
          hazards: change.hazards,
          submitted_by: change.submittedBy,
          submitted_at: change.submittedAt,
          submit_location: change.location
            ? sql`ST_SetSRID(ST_MakePoint(${change.location.lng}, ${change.location.lat}), 4326)`
            : null,
          done_at: doneAt,
          version: sql`version + 1`,
        })
        .where('id', '=', change.itemId)
        .execute()
      await trx.deleteFrom('campaign_item_attachments').where('item_id', '=', change.itemId).execute()
      if (change.attachmentIds.length > 0)
        await trx
          .insertInto('campaign_item_attachments')
          .values(
            change.attachmentIds.map((attachmentId, position) => ({
              item_id: change.itemId,
              attachment_id: attachmentId,
              position,
            })),
          )
          .execute()
      await this.count(
        trx,
        old.campaign_id,
        old.grid_code,
        {
          status: old.status,
          late: old.done_at !== null && new Date(old.done_at).getTime() > deadline,
          hazard: old.hazards.length > 0,
          hasCase: old.case_id !== null,
        },
        {
          status,
          late: doneAt !== null && doneAt.getTime() > deadline,
          hazard: change.hazards.length > 0,
          hasCase: old.case_id !== null,
        },
      )
      await auditInsert(
        trx,
        actor,
        {
          action: 'campaign.item.submit',
          entityType: 'campaign_item',
          entityId: change.itemId,
          areaPath: old.area_path,
          details: {
            campaignId: old.campaign_id,
            status,
            hazards: change.hazards,
            photos: change.attachmentIds.length,
          },
        },
        now,
      ).execute()
      return 'saved'
    })
  }

  /** Links the case a hazard became; false when the item had one already (the first one stays). */
  async linkCase(itemId: number, caseId: number, actor: Actor, now: Date): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const linked = await trx
        .updateTable('campaign_items')
        .set({ case_id: caseId, version: sql`version + 1` })
        .where('id', '=', itemId)
        .where('case_id', 'is', null)
        .returning(['campaign_id', 'grid_code', sql<string>`area_path::text`.as('area_path')])
        .executeTakeFirst()
      if (!linked) return false
      await trx
        .updateTable('campaign_grid_counts')
        .set({ hazard_cases: sql`hazard_cases + 1` })
        .where('campaign_id', '=', Number(linked.campaign_id))
        .where('grid_code', '=', linked.grid_code)
        .execute()
      await this.audit(trx, actor, 'campaign.item.case', itemId, linked.area_path, { caseId }, now)
      return true
    })
  }

  private async count(trx: Db, campaignId: number, gridCode: string, from: Counted, to: Counted) {
    const d = (f: (c: Counted) => boolean) => Number(f(to)) - Number(f(from))
    const deltas = {
      pending: d((c) => c.status === 'pending'),
      in_progress: d((c) => c.status === 'in_progress'),
      done: d((c) => c.status === 'done'),
      late: d((c) => c.late),
      hazards: d((c) => c.hazard),
      hazard_cases: d((c) => c.hasCase),
    }
    const changed = Object.entries(deltas).filter(([, v]) => v !== 0)
    if (changed.length === 0) return
    await trx
      .updateTable('campaign_grid_counts')
      .set(Object.fromEntries(changed.map(([k, v]) => [k, sql`${sql.ref(k)} + ${v}`])))
      .where('campaign_id', '=', campaignId)
      .where('grid_code', '=', gridCode)
      .execute()
  }

  async reassign(
    campaignId: number,
    itemIds: readonly number[],
    assigneeId: number,
    areaPath: string,
    actor: Actor,
    now: Date,
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('campaign_items')
        .set({ assignee_id: assigneeId, version: sql`version + 1` })
        .where('campaign_id', '=', campaignId)
        .where('id', 'in', [...itemIds])
        .executeTakeFirst()
      const n = Number(result.numUpdatedRows)
      await this.audit(
        trx,
        actor,
        'campaign.items.reassign',
        campaignId,
        areaPath,
        { itemIds, assigneeId, reassigned: n },
        now,
        'campaign',
      )
      return n
    })
  }

  /** Closes an active campaign with its figures frozen; false when it was closed already. */
  async close(id: number, frozen: unknown, by: number, areaPath: string, actor: Actor, now: Date) {
    return this.db.transaction().execute(async (trx) => {
      const closed = await trx
        .updateTable('campaigns')
        .set({
          status: 'closed',
          closed_by: by,
          closed_at: now,
          frozen: JSON.stringify(frozen),
          version: sql`version + 1`,
        })
        .where('id', '=', id)
        .where('status', '=', 'active')
        .executeTakeFirst()
      if (Number(closed.numUpdatedRows) === 0) return false
      await this.audit(trx, actor, 'campaign.close', id, areaPath, {}, now, 'campaign')
      return true
    })
  }

  async audit(
    executor: Db,
    actor: Actor,
    action: AuditAction,
    entityId: number,
    areaPath: string,
    details: Record<string, unknown>,
    now: Date,
    entityType: 'campaign' | 'campaign_item' = 'campaign_item',
  ): Promise<void> {
    await auditInsert(executor, actor, { action, entityType, entityId, areaPath, details }, now).execute()
  }
}
