import type { CampaignForm } from '@onegrid/core/campaigns/form'
import { type RawBuilder, sql } from 'kysely'
import type { Scope, UserPrincipal } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'
import type { StaffSources } from './campaign-ports.ts'

export type CampaignRow = {
  id: number
  areaCode: string
  areaPath: string
  targetPaths: string[]
  issuingUnit: string
  title: string
  purpose: string
  templateKey: string | null
  priority: string
  status: 'active' | 'closed'
  startDate: string
  deadlineDate: string
  deadlineAt: Date
  targets: unknown
  form: CampaignForm
  hazardItemCode: string | null
  createdBy: number
  createdAt: Date
  closedBy: number | null
  closedAt: Date | null
  frozen: unknown
}

export type ItemRow = {
  id: number
  campaignId: number
  targetKind: string
  targetId: string
  targetLabel: string
  targetAddress: string | null
  gridCode: string
  areaPath: string
  lng: number | null
  lat: number | null
  assigneeId: number | null
  status: 'pending' | 'in_progress' | 'done'
  answers: Record<string, unknown>
  hazards: string[]
  caseId: number | null
  submittedBy: number | null
  submittedAt: Date | null
  doneAt: Date | null
  version: number
  attachmentIds: number[]
}

/** One grid's counters. */
export type GridCount = {
  gridCode: string
  areaPath: string
  total: number
  pending: number
  inProgress: number
  done: number
  late: number
  hazards: number
  hazardCases: number
}

export type ItemFilter = {
  campaignId?: number
  /** Only items under this area (its code prefixes its grids' codes; its path is checked too). */
  area?: { code: string; path: string }
  scope: Scope
  assigneeId?: number
  status?: string
  openOnly?: boolean
  activeOnly?: boolean
  hazard?: boolean
  /** Not done and the deadline passed (`now`). */
  overdueAt?: Date
  /** Done within the last days, besides the open ones (the field app's list). */
  doneSince?: Date
  limit?: number
  offset?: number
}

const parse = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T))
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))

/**
 * A campaign is seen by whoever's jurisdiction overlaps the areas it was sent to:
 * a street sees the district's campaigns (its own part of them), a district sees a street's.
 */
export function campaignVisible(scope: Scope, alias = 'c'): RawBuilder<boolean> {
  if (scope.areaPaths.length === 0) return sql<boolean>`false`
  const col = sql.ref(`${alias}.target_paths`)
  const arms = scope.areaPaths.map(
    (p) => sql`(${col} @> CAST(${p} AS ltree) OR ${col} <@ CAST(${p} AS ltree))`,
  )
  return sql<boolean>`(${sql.join(arms, sql` OR `)})`
}

const campaignColumns = sql`c.id, c.area_code, c.area_path::text AS area_path, c.target_paths::text[] AS target_paths,
  c.issuing_unit, c.title, c.purpose, c.template_key, c.priority, c.status, c.start_date::text AS start_date,
  c.deadline_date::text AS deadline_date, c.deadline_at, c.targets, c.form, c.hazard_item_code, c.created_by,
  c.created_at, c.closed_by, c.closed_at, c.frozen`

type RawCampaign = {
  id: number
  area_code: string
  area_path: string
  target_paths: string[] | string
  issuing_unit: string
  title: string
  purpose: string
  template_key: string | null
  priority: string
  status: 'active' | 'closed'
  start_date: string
  deadline_date: string
  deadline_at: Date
  targets: unknown
  form: unknown
  hazard_item_code: string | null
  created_by: number
  created_at: Date
  closed_by: number | null
  closed_at: Date | null
  frozen: unknown
}

/** text[] comes back as an array from pg and PGlite alike, or as '{a,b}' from older drivers. */
function textArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v
  return v
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
}

function toCampaign(r: RawCampaign): CampaignRow {
  return {
    id: Number(r.id),
    areaCode: r.area_code,
    areaPath: r.area_path,
    targetPaths: textArray(r.target_paths),
    issuingUnit: r.issuing_unit,
    title: r.title,
    purpose: r.purpose,
    templateKey: r.template_key,
    priority: r.priority,
    status: r.status,
    startDate: r.start_date,
    deadlineDate: r.deadline_date,
    deadlineAt: new Date(r.deadline_at),
    targets: parse(r.targets),
    form: parse<CampaignForm>(r.form),
    hazardItemCode: r.hazard_item_code,
    createdBy: Number(r.created_by),
    createdAt: new Date(r.created_at),
    closedBy: num(r.closed_by),
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    frozen: r.frozen === null ? null : parse(r.frozen),
  }
}

const itemColumns = sql`i.id, i.campaign_id, i.target_kind, i.target_id, i.target_label, i.target_address,
  i.grid_code, i.area_path::text AS area_path, ST_X(i.location) AS lng, ST_Y(i.location) AS lat, i.assignee_id,
  i.status, i.answers, i.hazards, i.case_id, i.submitted_by, i.submitted_at, i.done_at, i.version,
  coalesce((SELECT array_agg(a.attachment_id ORDER BY a.position) FROM campaign_item_attachments a
    WHERE a.item_id = i.id), '{}') AS attachment_ids`

type RawItem = {
  id: number
  campaign_id: number
  target_kind: string
  target_id: string
  target_label: string
  target_address: string | null
  grid_code: string
  area_path: string
  lng: number | null
  lat: number | null
  assignee_id: number | null
  status: 'pending' | 'in_progress' | 'done'
  answers: unknown
  hazards: string[]
  case_id: number | null
  submitted_by: number | null
  submitted_at: Date | null
  done_at: Date | null
  version: number
  attachment_ids: (number | string)[]
}

function toItem(r: RawItem): ItemRow {
  return {
    id: Number(r.id),
    campaignId: Number(r.campaign_id),
    targetKind: r.target_kind,
    targetId: r.target_id,
    targetLabel: r.target_label,
    targetAddress: r.target_address,
    gridCode: r.grid_code,
    areaPath: r.area_path,
    lng: r.lng === null ? null : Number(r.lng),
    lat: r.lat === null ? null : Number(r.lat),
    assigneeId: num(r.assignee_id),
    status: r.status,
    answers: parse<Record<string, unknown>>(r.answers),
    hazards: r.hazards,
    caseId: num(r.case_id),
    submittedBy: num(r.submitted_by),
    submittedAt: r.submitted_at ? new Date(r.submitted_at) : null,
    doneAt: r.done_at ? new Date(r.done_at) : null,
    version: Number(r.version),
    attachmentIds: r.attachment_ids.map(Number),
  }
}

/** Reads of campaigns and their items; every list is limited by the caller's jurisdiction. */
export class CampaignQueries {
  constructor(private readonly db: Db) {}

  async campaign(id: number): Promise<CampaignRow | undefined> {
    const { rows } =
      await sql<RawCampaign>`SELECT ${campaignColumns} FROM campaigns c WHERE c.id = ${id}`.execute(this.db)
    return rows[0] ? toCampaign(rows[0]) : undefined
  }

  async campaigns(ids: readonly number[]): Promise<CampaignRow[]> {
    if (ids.length === 0) return []
    const { rows } = await sql<RawCampaign>`
      SELECT ${campaignColumns} FROM campaigns c
      WHERE c.id IN (${sql.join(ids.map((id) => sql`${id}`))}) ORDER BY c.id`.execute(this.db)
    return rows.map(toCampaign)
  }

  async list(
    scope: Scope,
    f: { status?: string | undefined; q?: string | undefined; limit: number; offset: number },
  ): Promise<{ rows: CampaignRow[]; total: number }> {
    const where = sql`${campaignVisible(scope)}
      ${f.status ? sql`AND c.status = ${f.status}` : sql``}
      ${f.q ? sql`AND (c.title LIKE ${`%${f.q}%`} OR c.issuing_unit LIKE ${`%${f.q}%`})` : sql``}`
    const { rows } = await sql<RawCampaign & { total: number }>`
      SELECT ${campaignColumns}, count(*) OVER () AS total FROM campaigns c WHERE ${where}
      ORDER BY c.status, c.created_at DESC, c.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`.execute(this.db)
    return { rows: rows.map(toCampaign), total: Number(rows[0]?.total ?? 0) }
  }

  private itemWhere(f: ItemFilter): RawBuilder<boolean> {
    const parts: RawBuilder<unknown>[] = [inAreaScope('i.area_path', f.scope)]
    if (f.campaignId !== undefined) parts.push(sql`i.campaign_id = ${f.campaignId}`)
    if (f.area)
      parts.push(
        sql`i.grid_code >= ${f.area.code} AND i.grid_code < ${`${f.area.code}z`} AND i.area_path <@ CAST(${f.area.path} AS ltree)`,
      )
    if (f.assigneeId !== undefined) parts.push(sql`i.assignee_id = ${f.assigneeId}`)
    if (f.status) parts.push(sql`i.status = ${f.status}`)
    if (f.doneSince) parts.push(sql`(i.status <> 'done' OR i.done_at >= ${f.doneSince})`)
    else if (f.openOnly) parts.push(sql`i.status <> 'done'`)
    if (f.hazard !== undefined)
      parts.push(f.hazard ? sql`cardinality(i.hazards) > 0` : sql`cardinality(i.hazards) = 0`)
    if (f.overdueAt)
      parts.push(
        sql`((i.status <> 'done' AND c.deadline_at < ${f.overdueAt}) OR (i.done_at > c.deadline_at))`,
      )
    if (f.activeOnly) parts.push(sql`c.status = 'active'`)
    return sql<boolean>`${sql.join(parts, sql` AND `)}`
  }

  async items(f: ItemFilter): Promise<{ rows: ItemRow[]; total: number }> {
    const where = this.itemWhere(f)
    const page = f.limit !== undefined ? sql`LIMIT ${f.limit} OFFSET ${f.offset ?? 0}` : sql``
    const { rows } = await sql<RawItem>`
      SELECT ${itemColumns} FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id
      WHERE ${where} ORDER BY i.campaign_id, i.grid_code, i.id ${page}`.execute(this.db)
    const total =
      f.limit === undefined
        ? rows.length
        : Number(
            (
              await sql<{ n: number }>`
                SELECT count(*) AS n FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id
                WHERE ${where}`.execute(this.db)
            ).rows[0]?.n ?? 0,
          )
    return { rows: rows.map(toItem), total }
  }

  /** Items in id order after `afterId`, a page at a time (the export walks a campaign with it). */
  async itemsAfter(campaignId: number, scope: Scope, afterId: number, limit: number): Promise<ItemRow[]> {
    const { rows } = await sql<RawItem>`
      SELECT ${itemColumns} FROM campaign_items i
      WHERE i.campaign_id = ${campaignId} AND i.id > ${afterId} AND ${inAreaScope('i.area_path', scope)}
      ORDER BY i.id LIMIT ${limit}`.execute(this.db)
    return rows.map(toItem)
  }

  async item(id: number): Promise<ItemRow | undefined> {
    const { rows } =
      await sql<RawItem>`SELECT ${itemColumns} FROM campaign_items i WHERE i.id = ${id}`.execute(this.db)
    return rows[0] ? toItem(rows[0]) : undefined
  }

  /** Items by id within a campaign (for a reassignment), with their grids. */
  async itemGrids(campaignId: number, ids: readonly number[]) {
    const rows = await this.db
      .selectFrom('campaign_items')
      .select(['id', 'grid_code', sql<string>`area_path::text`.as('area_path')])
      .where('campaign_id', '=', campaignId)
      .where('id', 'in', [...ids])
      .execute()
    return rows.map((r) => ({ id: Number(r.id), gridCode: r.grid_code, areaPath: r.area_path }))
  }

  /** The per-grid counters of a campaign under an area (its path). */
  async gridCounts(campaignId: number, underPath: string, scope: Scope): Promise<GridCount[]> {
    const { rows } = await sql<{
      grid_code: string
      area_path: string
      total: number
      pending: number
      in_progress: number
      done: number
      late: number
      hazards: number
      hazard_cases: number
    }>`
      SELECT grid_code, area_path::text AS area_path, total, pending, in_progress, done, late, hazards, hazard_cases
      FROM campaign_grid_counts
      WHERE campaign_id = ${campaignId} AND area_path <@ CAST(${underPath} AS ltree)
        AND ${inAreaScope('area_path', scope)}`.execute(this.db)
    return rows.map((r) => ({
      gridCode: r.grid_code,
      areaPath: r.area_path,
      total: Number(r.total),
      pending: Number(r.pending),
      inProgress: Number(r.in_progress),
      done: Number(r.done),
      late: Number(r.late),
      hazards: Number(r.hazards),
      hazardCases: Number(r.hazard_cases),
    }))
  }

  /** The cases hazards became, by grid, under an area. */
  async hazardCases(campaignId: number, underPath: string, scope: Scope) {
    const { rows } = await sql<{ grid_code: string; case_id: number }>`
      SELECT grid_code, case_id FROM campaign_items i
      WHERE campaign_id = ${campaignId} AND case_id IS NOT NULL
        AND area_path <@ CAST(${underPath} AS ltree) AND ${inAreaScope('i.area_path', scope)}`.execute(
      this.db,
    )
    return rows.map((r) => ({ gridCode: r.grid_code, caseId: Number(r.case_id) }))
  }

  /** Attachment ids linked to other items than this one. */
  async takenAttachments(ids: readonly number[], exceptItemId: number): Promise<number[]> {
    if (ids.length === 0) return []
    const rows = await this.db
      .selectFrom('campaign_item_attachments')
      .select('attachment_id')
      .where('attachment_id', 'in', [...ids])
      .where('item_id', '<>', exceptItemId)
      .execute()
    return rows.map((r) => Number(r.attachment_id))
  }

  /** Whether someone may see a photo of a campaign item: who answered or holds it, or a reader of its area. */
  async attachmentVisible(attachmentId: number, scope: Scope, userId: number, reads: boolean) {
    const { rows } = await sql<{ one: number }>`
      SELECT 1 AS one FROM campaign_item_attachments a JOIN campaign_items i ON i.id = a.item_id
      WHERE a.attachment_id = ${attachmentId}
        AND (i.assignee_id = ${userId} OR i.submitted_by = ${userId}
          OR (${reads} AND ${inAreaScope('i.area_path', scope)}))
      LIMIT 1`.execute(this.db)
    return rows.length > 0
  }

  /** Grid leaders' and workers' postings on some grids: who may be given an item. */
  async gridOf(userId: number, gridCode: string, staff: StaffSources): Promise<boolean> {
    const { rows } = await sql<{ one: number }>`
      SELECT 1 AS one FROM (${staff.assignments}) ra
      WHERE ra.user_id = ${userId} AND ra.area_code = ${gridCode} AND ra.role IN ('grid_worker', 'grid_leader')
      LIMIT 1`.execute(this.db)
    return rows.length > 0
  }
}

/**
 * The cases module's attachment reader for campaign items' photos and signatures:
 * who answered or holds the item, or a reader of campaigns who sees its area.
 */
export function campaignPhotoReader(queries: CampaignQueries) {
  return (p: UserPrincipal, attachmentId: number): Promise<boolean> =>
    queries.attachmentVisible(attachmentId, p.scope, p.userId, p.permissions.has('campaigns.read'))
}
