import type { CaseQueue, TAttachment, TCaseSummary, TLight } from '@onegrid/core/api/cases'
import type { TCatalogRules, TChannel, TLimitStage, TUrgency } from '@onegrid/core/api/catalog'
import type { ClockEffect } from '@onegrid/core/cases/machine'
import type { CaseLevel, CaseStatus } from '@onegrid/core/cases/states'
import { type RawBuilder, sql } from 'kysely'
import type { UserPrincipal } from '../../platform/auth/principal.ts'
import { inUnitScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'
import { escapeLike } from '../../platform/db/sql-text.ts'
import { caseVisible } from './policy.ts'

/** Statuses in which a case is still being worked on (the queues, the alarms). */
export const openStatuses: readonly CaseStatus[] = [
  'reported',
  'accepted',
  'registered',
  'dispatched',
  'handling',
  'returned',
  'handled',
  'verified',
]

const queueStatus: Partial<Record<CaseQueue, CaseStatus>> = {
  to_accept: 'reported',
  to_register: 'accepted',
  to_dispatch: 'registered',
  to_sign: 'dispatched',
  handling: 'handling',
  to_rule: 'returned',
  to_verify: 'handled',
  to_close: 'verified',
  to_follow_up: 'closed',
}

export type CaseRow = {
  id: number
  code: string
  districtCode: string
  channel: TChannel
  itemCode: string
  itemName: string
  itemVersionId: number
  itemVersion: number
  title: string
  description: string
  address: string | null
  location: { lng: number; lat: number } | null
  areaCode: string
  areaName: string
  areaPath: string
  gridCode: string | null
  urgency: TUrgency
  level: CaseLevel
  status: CaseStatus
  handlerUnitId: number | null
  handlerUnitName: string | null
  handlerUserId: number | null
  handlerUserName: string | null
  reporterKind: 'staff' | 'resident' | 'anonymous'
  reporterUserId: number | null
  reporterUserName: string | null
  reporterNameMasked: string | null
  reporterPhoneMasked: string | null
  fields: Record<string, unknown>
  externalRef: string | null
  selfHandled: boolean
  supervised: boolean
  suspended: boolean
  pendingExtension: boolean
  pendingSuspension: boolean
  overdue: boolean
  reworkCount: number
  shirkCount: number
  mergedInto: { id: number; code: string } | null
  satisfaction: 'satisfied' | 'basically' | 'unsatisfied' | null
  dueAt: Date | null
  warnAt: Date | null
  dueStage: TLimitStage | null
  alarmStep: number
  occurredAt: Date | null
  reportedAt: Date
  updatedAt: Date
  version: number
}

export type EventRow = {
  id: number
  at: Date
  action: string
  actorName: string
  role: string | null
  fromStatus: CaseStatus | null
  toStatus: CaseStatus | null
  note: string | null
  data: Record<string, unknown>
  clock: ClockEffect | null
}

export type AttachmentRow = {
  id: number
  sha256: string
  thumbSha256: string | null
  kind: 'image' | 'audio' | 'video'
  mime: string
  size: number
  uploadedBy: number | null
  uploadedAt: Date
  caseId: number | null
  eventId: number | null
}

export type CaseFilter = {
  queue?: CaseQueue | undefined
  mine?: boolean | undefined
  reportedByMe?: boolean | undefined
  status?: CaseStatus[] | undefined
  areaPath?: string | undefined
  itemCode?: string | undefined
  channel?: TChannel | undefined
  urgency?: TUrgency | undefined
  overdue?: boolean | undefined
  supervised?: boolean | undefined
  from?: Date | undefined
  to?: Date | undefined
  q?: string | undefined
  sort: 'reported_desc' | 'reported_asc' | 'due_asc' | 'updated_desc'
  limit: number
  offset: number
}

type RawCase = {
  id: number
  code: string
  district_code: string
  channel: string
  item_code: string
  item_name: string
  item_version_id: number
  item_version: number
  title: string
  description: string
  address: string | null
  lng: number | null
  lat: number | null
  area_code: string
  area_name: string
  area_path: string
  grid_code: string | null
  urgency: string
  level: string
  status: string
  handler_unit_id: number | null
  handler_unit_name: string | null
  handler_user_id: number | null
  handler_user_name: string | null
  reporter_kind: string
  reporter_user_id: number | null
  reporter_user_name: string | null
  reporter_name_masked: string | null
  reporter_phone_masked: string | null
  fields: Record<string, unknown> | string
  external_ref: string | null
  self_handled: boolean
  supervised: boolean
  suspended: boolean
  pending_extension: boolean
  pending_suspension: boolean
  overdue: boolean
  rework_count: number
  shirk_count: number
  merged_into: number | null
  merged_into_code: string | null
  satisfaction: string | null
  due_at: Date | null
  warn_at: Date | null
  due_stage: string | null
  alarm_step: number
  occurred_at: Date | null
  reported_at: Date
  updated_at: Date
  version: number
}

const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)

function toRow(r: RawCase): CaseRow {
  return {
    id: Number(r.id),
    code: r.code,
    districtCode: r.district_code,
    channel: r.channel as TChannel,
    itemCode: r.item_code,
    itemName: r.item_name,
    itemVersionId: Number(r.item_version_id),
    itemVersion: r.item_version,
    title: r.title,
    description: r.description,
    address: r.address,
    location: r.lng === null || r.lat === null ? null : { lng: r.lng, lat: r.lat },
    areaCode: r.area_code,
    areaName: r.area_name,
    areaPath: r.area_path,
    gridCode: r.grid_code,
    urgency: r.urgency as TUrgency,
    level: r.level as CaseLevel,
    status: r.status as CaseStatus,
    handlerUnitId: r.handler_unit_id === null ? null : Number(r.handler_unit_id),
    handlerUnitName: r.handler_unit_name,
    handlerUserId: r.handler_user_id === null ? null : Number(r.handler_user_id),
    handlerUserName: r.handler_user_name,
    reporterKind: r.reporter_kind as CaseRow['reporterKind'],
    reporterUserId: r.reporter_user_id === null ? null : Number(r.reporter_user_id),
    reporterUserName: r.reporter_user_name,
    reporterNameMasked: r.reporter_name_masked,
    reporterPhoneMasked: r.reporter_phone_masked,
    fields: parse(r.fields),
    externalRef: r.external_ref,
    selfHandled: r.self_handled,
    supervised: r.supervised,
    suspended: r.suspended,
    pendingExtension: r.pending_extension,
    pendingSuspension: r.pending_suspension,
    overdue: r.overdue,
    reworkCount: r.rework_count,
    shirkCount: r.shirk_count,
    mergedInto: r.merged_into === null ? null : { id: Number(r.merged_into), code: r.merged_into_code ?? '' },
    satisfaction: r.satisfaction as CaseRow['satisfaction'],
    dueAt: r.due_at,
    warnAt: r.warn_at,
    dueStage: r.due_stage as TLimitStage | null,
    alarmStep: r.alarm_step,
    occurredAt: r.occurred_at,
    reportedAt: r.reported_at,
    updatedAt: r.updated_at,
    version: r.version,
  }
}

/** Columns of a case with the names its ids point at; `c` is the cases row (or a subquery of them). */
const caseColumns = sql`c.id, c.code, c.district_code, c.channel, c.item_code, v.name AS item_name,
  c.item_version_id, v.version AS item_version, c.title, c.description, c.address,
  ST_X(c.location) AS lng, ST_Y(c.location) AS lat, c.area_code, a.name AS area_name,
  c.area_path::text AS area_path, c.grid_code, c.urgency, c.level, c.status,
  c.handler_unit_id, hu.name AS handler_unit_name, c.handler_user_id, hp.display_name AS handler_user_name,
  c.reporter_kind, c.reporter_user_id, rp.display_name AS reporter_user_name,
  c.reporter_name_masked, c.reporter_phone_masked, c.fields, c.external_ref,
  c.self_handled, c.supervised, c.suspended, c.pending_extension, c.pending_suspension, c.overdue,
  c.rework_count, c.shirk_count, c.merged_into, m.code AS merged_into_code, c.satisfaction,
  c.due_at, c.warn_at, c.due_stage, c.alarm_step, c.occurred_at, c.reported_at, c.updated_at, c.version`

const caseJoins = sql`JOIN catalog_item_versions v ON v.id = c.item_version_id
  JOIN areas a ON a.code = c.area_code
  LEFT JOIN units hu ON hu.id = c.handler_unit_id
  LEFT JOIN users hp ON hp.id = c.handler_user_id
  LEFT JOIN users rp ON rp.id = c.reporter_user_id
  LEFT JOIN cases m ON m.id = c.merged_into`

/** The traffic light of the clock that runs out first, as the list shows it. */
export function lightOf(row: { dueAt: Date | null; warnAt: Date | null }, now: Date): TLight {
  if (!row.dueAt) return 'none'
  if (now > row.dueAt) return 'red'
  return row.warnAt && now >= row.warnAt ? 'yellow' : 'green'
}

export function presentSummary(r: CaseRow, now: Date): TCaseSummary {
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    status: r.status,
    level: r.level,
    channel: r.channel,
    urgency: r.urgency,
    itemCode: r.itemCode,
    itemName: r.itemName,
    areaCode: r.areaCode,
    areaName: r.areaName,
    gridCode: r.gridCode,
    address: r.address,
    location: r.location,
    handler:
      r.handlerUnitId === null && r.handlerUserId === null
        ? null
        : {
            unitId: r.handlerUnitId,
            unitName: r.handlerUnitName,
            userId: r.handlerUserId,
            userName: r.handlerUserName,
          },
    flags: {
      selfHandled: r.selfHandled,
      supervised: r.supervised,
      suspended: r.suspended,
      overdue: r.overdue || (r.dueAt !== null && now > r.dueAt),
      pendingExtension: r.pendingExtension,
      pendingSuspension: r.pendingSuspension,
      reworkCount: r.reworkCount,
      shirkCount: r.shirkCount,
      mergedInto: r.mergedInto,
    },
    light: lightOf(r, now),
    dueAt: r.dueAt?.toISOString() ?? null,
    dueStage: r.dueStage,
    reportedAt: r.reportedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  }
}

export type MergedRow = {
  id: number
  code: string
  channel: TChannel
  reportedAt: Date
  reporterUserId: number | null
}

/** What a case holds besides its row. */
export type CaseParts = { events: EventRow[]; attachments: AttachmentRow[]; merged: MergedRow[] }

/** Timestamps arrive as Dates from a column and as ISO text from JSON built in SQL. */
type Stamp = Date | string
const toDate = (v: Stamp): Date => (typeof v === 'string' ? new Date(v) : v)

type RawEvent = {
  id: number | string
  at: Stamp
  action: string
  actor_name: string
  role: string | null
  from_status: string | null
  to_status: string | null
  note: string | null
  data: unknown
  clock: unknown
}

function toEvent(r: RawEvent): EventRow {
  return {
    id: Number(r.id),
    at: toDate(r.at),
    action: r.action,
    actorName: r.actor_name,
    role: r.role,
    fromStatus: r.from_status as CaseStatus | null,
    toStatus: r.to_status as CaseStatus | null,
    note: r.note,
    data: parse(r.data as Record<string, unknown> | string),
    clock: r.clock === null ? null : parse(r.clock as ClockEffect | string),
  }
}

export type RawAttachment = {
  id: number | string
  sha256: string
  thumb_sha256: string | null
  kind: string
  mime: string
  size: number | string
  uploaded_by: number | string | null
  uploaded_at: Stamp
  case_id: number | string | null
  event_id: number | string | null
}

export function toAttachment(r: RawAttachment): AttachmentRow {
  return {
    id: Number(r.id),
    sha256: r.sha256,
    thumbSha256: r.thumb_sha256,
    kind: r.kind as AttachmentRow['kind'],
    mime: r.mime,
    size: Number(r.size),
    uploadedBy: r.uploaded_by === null ? null : Number(r.uploaded_by),
    uploadedAt: toDate(r.uploaded_at),
    caseId: r.case_id === null ? null : Number(r.case_id),
    eventId: r.event_id === null ? null : Number(r.event_id),
  }
}

type RawMerged = {
  id: number | string
  code: string
  channel: string
  reported_at: Stamp
  reporter_user_id: number | string | null
}

function toMerged(r: RawMerged): MergedRow {
  return {
    id: Number(r.id),
    code: r.code,
    channel: r.channel as TChannel,
    reportedAt: toDate(r.reported_at),
    reporterUserId: r.reporter_user_id === null ? null : Number(r.reporter_user_id),
  }
}

const inList = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} IN (${sql.join(values.map((v) => sql`${v}`))})`

/** Reads of cases, always through the caller's jurisdiction. */
export class CaseQueries {
  private readonly versions = new Map<number, TCatalogRules>()

  constructor(private readonly db: Db) {}

  /** A case by id, whoever may see it (the services check visibility with the row's parties). */
  async row(id: number, executor: Db = this.db): Promise<CaseRow | undefined> {
    const { rows } =
      await sql<RawCase>`SELECT ${caseColumns} FROM cases c ${caseJoins} WHERE c.id = ${id}`.execute(executor)
    return rows[0] ? toRow(rows[0]) : undefined
  }

  /** Code and state of some cases, for another module's links to them (a campaign item's hazard case). */
  async states(ids: readonly number[]): Promise<{ id: number; code: string; status: string }[]> {
    if (ids.length === 0) return []
    const rows = await this.db
      .selectFrom('cases')
      .select(['id', 'code', 'status'])
      .where('id', 'in', [...new Set(ids)])
      .execute()
    return rows.map((r) => ({ id: Number(r.id), code: r.code, status: r.status }))
  }

  /**
   * A case with its timeline, attachments and the duplicates merged into it,
   * in one statement: what getCase shows and an action needs, in one round trip.
   */
  async whole(id: number): Promise<{ row: CaseRow; parts: CaseParts } | undefined> {
    const { rows } = await sql<RawCase & { timeline: unknown; files: unknown; merged: unknown }>`
      SELECT ${caseColumns},
        (SELECT coalesce(json_agg(json_build_object(
                  'id', e.id, 'at', e.at, 'action', e.action,
                  'actor_name', coalesce(u.display_name, e.actor_name), 'role', e.role,
                  'from_status', e.from_status, 'to_status', e.to_status, 'note', e.note,
                  'data', e.data, 'clock', e.clock) ORDER BY e.id), '[]'::json)
           FROM case_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE e.case_id = c.id) AS timeline,
        (SELECT coalesce(json_agg(json_build_object(
                  'id', f.id, 'sha256', f.sha256, 'thumb_sha256', f.thumb_sha256, 'kind', f.kind,
                  'mime', f.mime, 'size', f.size, 'uploaded_by', f.uploaded_by,
                  'uploaded_at', f.uploaded_at, 'case_id', f.case_id, 'event_id', f.event_id)
                  ORDER BY f.id), '[]'::json)
           FROM case_attachments f WHERE f.case_id = c.id) AS files,
        (SELECT coalesce(json_agg(json_build_object(
                  'id', m.id, 'code', m.code, 'channel', m.channel, 'reported_at', m.reported_at,
                  'reporter_user_id', m.reporter_user_id) ORDER BY m.id), '[]'::json)
           FROM cases m WHERE m.merged_into = c.id) AS merged
      FROM cases c ${caseJoins} WHERE c.id = ${id}`.execute(this.db)
    const r = rows[0]
    if (!r) return undefined
    return {
      row: toRow(r),
      parts: {
        events: parse(r.timeline as RawEvent[] | string).map(toEvent),
        attachments: parse(r.files as RawAttachment[] | string).map(toAttachment),
        merged: parse(r.merged as RawMerged[] | string).map(toMerged),
      },
    }
  }

  async byIntakeKey(key: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('cases')
      .select('id')
      .where('intake_key', '=', key)
      .executeTakeFirst()
    return row ? Number(row.id) : undefined
  }

  /**
   * The catalog rules a case runs by (the version it started with, or the one it was registered under).
   * A version never changes once written, so each is read once per process.
   */
  async rules(versionId: number): Promise<TCatalogRules> {
    const known = this.versions.get(versionId)
    if (known) return known
    const row = await this.db
      .selectFrom('catalog_item_versions')
      .select('rules')
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow()
    const rules = parse(row.rules as TCatalogRules | string)
    this.versions.set(versionId, rules)
    return rules
  }

  async events(caseId: number, executor: Db = this.db): Promise<EventRow[]> {
    // The actor's display name as it is now; the stored name stands for the system and removed accounts.
    const rows = await executor
      .selectFrom('case_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select([
        'e.id',
        'e.at',
        'e.action',
        sql<string>`coalesce(u.display_name, e.actor_name)`.as('actor_name'),
        'e.role',
        'e.from_status',
        'e.to_status',
        'e.note',
        'e.data',
        'e.clock',
      ])
      .where('e.case_id', '=', caseId)
      .orderBy('e.id')
      .execute()
    return rows.map(toEvent)
  }

  async attachments(filter: { caseId: number } | { ids: readonly number[] }): Promise<AttachmentRow[]> {
    let query = this.db.selectFrom('case_attachments').selectAll().orderBy('id')
    if ('caseId' in filter) query = query.where('case_id', '=', filter.caseId)
    else {
      if (filter.ids.length === 0) return []
      query = query.where('id', 'in', [...filter.ids])
    }
    const rows = await query.execute()
    return rows.map(toAttachment)
  }

  async mergedInto(masterId: number): Promise<MergedRow[]> {
    const rows = await this.db
      .selectFrom('cases')
      .select(['id', 'code', 'channel', 'reported_at', 'reporter_user_id'])
      .where('merged_into', '=', masterId)
      .orderBy('id')
      .execute()
    return rows.map(toMerged)
  }

  private conditions(
    p: UserPrincipal,
    f: Omit<CaseFilter, 'sort' | 'limit' | 'offset'>,
    now: Date,
  ): RawBuilder<unknown>[] {
    const where: RawBuilder<unknown>[] = [caseVisible(p)]
    const status = f.queue ? queueStatus[f.queue] : undefined
    if (status) where.push(sql`c.status = ${status}`)
    if (f.queue === 'overdue') where.push(sql`${inList('c.status', openStatuses)} AND c.due_at < ${now}`)
    if (f.queue === 'supervised') where.push(sql`${inList('c.status', openStatuses)} AND c.supervised`)
    if (f.queue === 'requests')
      where.push(sql`c.status = 'handling' AND (c.pending_extension OR c.pending_suspension)`)
    if (f.mine)
      where.push(sql`(${inUnitScope('c.handler_unit_id', p.scope)} OR c.handler_user_id = ${p.userId})`)
    if (f.reportedByMe) where.push(sql`c.reporter_user_id = ${p.userId}`)
    if (f.status?.length) where.push(inList('c.status', f.status))
    if (f.areaPath) where.push(sql`c.area_path <@ CAST(${f.areaPath} AS ltree)`)
    if (f.itemCode) where.push(sql`c.item_code = ${f.itemCode}`)
    if (f.channel) where.push(sql`c.channel = ${f.channel}`)
    if (f.urgency) where.push(sql`c.urgency = ${f.urgency}`)
    if (f.overdue !== undefined)
      where.push(
        f.overdue
          ? sql`(c.overdue OR c.due_at < ${now})`
          : sql`NOT c.overdue AND (c.due_at IS NULL OR c.due_at >= ${now})`,
      )
    if (f.supervised !== undefined) where.push(sql`c.supervised = ${f.supervised}`)
    if (f.from) where.push(sql`c.reported_at >= ${f.from}`)
    if (f.to) where.push(sql`c.reported_at < ${f.to}`)
    if (f.q) {
      const like = `%${escapeLike(f.q)}%`
      where.push(sql`(c.code = ${f.q} OR c.title ILIKE ${like} OR c.address ILIKE ${like})`)
    }
    return where
  }

  /**
   * A page of cases. The page is chosen from `cases` alone (index order, then
   * the caller's areas) and only its rows are joined to names; the total is
   * counted exactly up to `totalCap`.
   */
  async list(
    p: UserPrincipal,
    f: CaseFilter,
    now: Date,
    totalCap = 1_000,
  ): Promise<{ rows: CaseRow[]; total: number; capped: boolean }> {
    const where = sql.join(this.conditions(p, f, now), sql` AND `)
    const order = {
      reported_desc: sql`c.reported_at DESC, c.id DESC`,
      reported_asc: sql`c.reported_at, c.id`,
      due_asc: sql`c.due_at NULLS LAST, c.id`,
      updated_desc: sql`c.updated_at DESC, c.id DESC`,
    }[f.sort]
    // The page's ids first (an index-only scan), then only those rows and their names.
    const page = await sql<RawCase>`
      SELECT ${caseColumns}
      FROM (SELECT c.id FROM cases c WHERE ${where} ORDER BY ${order} LIMIT ${f.limit} OFFSET ${f.offset}) p
      JOIN cases c ON c.id = p.id
      ${caseJoins}
      ORDER BY ${order}`.execute(this.db)
    const count = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c WHERE ${where} LIMIT ${totalCap + 1}) t`.execute(
      this.db,
    )
    const n = Number(count.rows[0]?.n ?? 0)
    return { rows: page.rows.map(toRow), total: Math.min(n, totalCap), capped: n > totalCap }
  }

  /** How many cases wait in each queue for the caller (one pass over the open and closed cases). */
  async queueCounts(p: UserPrincipal, now: Date): Promise<Record<CaseQueue, number>> {
    const statuses = [...openStatuses, 'closed']
    const { rows } = await sql<Record<CaseQueue, number>>`
      SELECT
        count(*) FILTER (WHERE c.status = 'reported')::int AS to_accept,
        count(*) FILTER (WHERE c.status = 'accepted')::int AS to_register,
        count(*) FILTER (WHERE c.status = 'registered')::int AS to_dispatch,
        count(*) FILTER (WHERE c.status = 'dispatched')::int AS to_sign,
        count(*) FILTER (WHERE c.status = 'handling')::int AS handling,
        count(*) FILTER (WHERE c.status = 'returned')::int AS to_rule,
        count(*) FILTER (WHERE c.status = 'handled')::int AS to_verify,
        count(*) FILTER (WHERE c.status = 'verified')::int AS to_close,
        count(*) FILTER (WHERE c.status = 'closed')::int AS to_follow_up,
        count(*) FILTER (WHERE c.status <> 'closed' AND c.due_at < ${now})::int AS overdue,
        count(*) FILTER (WHERE c.status <> 'closed' AND c.supervised)::int AS supervised,
        count(*) FILTER (WHERE c.status = 'handling' AND (c.pending_extension OR c.pending_suspension))::int AS requests
      FROM cases c
      WHERE ${inList('c.status', statuses)} AND ${caseVisible(p)}`.execute(this.db)
    const r = rows[0]
    if (!r) throw new Error('queue counts returned no row')
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as Record<CaseQueue, number>
  }

  /** Open cases of the same kind near a point, recent first: the duplicates an operator may merge. */
  async near(
    p: UserPrincipal,
    point: { lng: number; lat: number },
    options: { itemCode?: string | undefined; radius: number; since: Date; excludeId?: number | undefined },
  ): Promise<(CaseRow & { distance: number })[]> {
    const here = sql`ST_SetSRID(ST_MakePoint(${point.lng}, ${point.lat}), 4326)`
    const { rows } = await sql<RawCase & { distance: number }>`
      SELECT ${caseColumns}, ST_Distance(c.location::geography, ${here}::geography) AS distance
      FROM cases c ${caseJoins}
      WHERE ${caseVisible(p)} AND ${inList('c.status', openStatuses)}
        AND c.reported_at >= ${options.since}
        AND ST_DWithin(c.location::geography, ${here}::geography, ${options.radius})
        ${options.itemCode ? sql`AND c.item_code = ${options.itemCode}` : sql``}
        ${options.excludeId ? sql`AND c.id <> ${options.excludeId}` : sql``}
      ORDER BY distance, c.reported_at DESC
      LIMIT 20`.execute(this.db)
    return rows.map((r) => ({ ...toRow(r), distance: Math.round(Number(r.distance) * 10) / 10 }))
  }

  /** Open cases with a location for the map: compact rows. */
  async mapPoints(
    p: UserPrincipal,
    areaPath: string | undefined,
  ): Promise<
    { id: number; lng: number; lat: number; dueAt: Date | null; warnAt: Date | null; status: CaseStatus }[]
  > {
    const { rows } = await sql<{
      id: number
      lng: number
      lat: number
      due_at: Date | null
      warn_at: Date | null
      status: string
    }>`
      SELECT c.id, ST_X(c.location) AS lng, ST_Y(c.location) AS lat, c.due_at, c.warn_at, c.status
      FROM cases c
      WHERE ${inList('c.status', openStatuses)} AND c.location IS NOT NULL AND ${caseVisible(p)}
        ${areaPath ? sql`AND c.area_path <@ CAST(${areaPath} AS ltree)` : sql``}
      ORDER BY c.id DESC
      LIMIT 20000`.execute(this.db)
    return rows.map((r) => ({
      id: Number(r.id),
      lng: Number(r.lng),
      lat: Number(r.lat),
      dueAt: r.due_at,
      warnAt: r.warn_at,
      status: r.status as CaseStatus,
    }))
  }

  /** The cases a staff member reported in [from, to) that the caller may see (a worker's day on the map). */
  async reportedBy(p: UserPrincipal, userId: number, from: Date, to: Date) {
    const { rows } = await sql<{
      id: number
      code: string
      title: string
      status: string
      reported_at: Date
      lng: number | null
      lat: number | null
    }>`
      SELECT c.id, c.code, c.title, c.status, c.reported_at, ST_X(c.location) AS lng, ST_Y(c.location) AS lat
      FROM cases c
      WHERE c.reporter_user_id = ${userId} AND c.reported_at >= ${from} AND c.reported_at < ${to}
        AND ${caseVisible(p)}
      ORDER BY c.reported_at, c.id
      LIMIT 500`.execute(this.db)
    return rows.map((r) => ({
      id: Number(r.id),
      code: r.code,
      title: r.title,
      status: r.status,
      reportedAt: r.reported_at.toISOString(),
      lng: r.lng === null ? null : Number(r.lng),
      lat: r.lat === null ? null : Number(r.lat),
    }))
  }
}

export function presentAttachment(a: AttachmentRow): TAttachment {
  return {
    id: a.id,
    kind: a.kind,
    mime: a.mime,
    size: a.size,
    url: `/api/cases/attachments/${a.id}`,
    thumbUrl: a.thumbSha256 ? `/api/cases/attachments/${a.id}?thumb=true` : null,
    uploadedAt: a.uploadedAt.toISOString(),
  }
}
