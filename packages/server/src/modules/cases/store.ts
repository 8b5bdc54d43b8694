import type { TUrgency } from '@onegrid/core/api/catalog'
import type { ClockEffect } from '@onegrid/core/cases/machine'
import type { CaseLevel } from '@onegrid/core/cases/states'
import { type OperationNodeSource, type RawBuilder, sql, type Transaction } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import { writeAsOne } from '../../platform/db/one-statement.ts'
import type { Database } from '../../platform/db/schema.ts'
import type { ClockColumns } from './case-clock.ts'
import { type AttachmentRow, type RawAttachment, toAttachment } from './queries.ts'

export type NewCase = {
  districtCode: string
  channel: string
  itemCode: string
  itemVersionId: number
  title: string
  description: string
  address: string | null
  location: { lng: number; lat: number } | null
  areaCode: string
  areaPath: string
  gridCode: string | null
  boundaryVersion: number | null
  urgency: string
  level: string
  status: string
  reporterKind: 'staff' | 'resident' | 'anonymous'
  reporterUserId: number | null
  reporterNameCipher: string | null
  reporterNameMasked: string | null
  reporterPhoneCipher: string | null
  reporterPhoneMasked: string | null
  reporterPhoneIndex: string | null
  fields: Record<string, unknown>
  externalRef: string | null
  intakeKey: string | null
  selfHandled: boolean
  occurredAt: Date | null
  reportedAt: Date
}

export type NewEvent = {
  caseId: number
  districtCode: string
  at: Date
  action: string
  actorId: number | null
  actorName: string
  role: string | null
  fromStatus: string | null
  toStatus: string | null
  note: string | null
  data: Record<string, unknown>
  clock: ClockEffect | null
}

/** Columns an action or a sweep may change; undefined leaves a column as it is. */
export type CaseUpdate = {
  status?: string
  level?: CaseLevel
  itemCode?: string
  itemVersionId?: number
  urgency?: TUrgency
  location?: { lng: number; lat: number }
  areaCode?: string
  areaPath?: string
  gridCode?: string | null
  boundaryVersion?: number | null
  handlerUnitId?: number | null
  handlerUserId?: number | null
  selfHandled?: boolean
  supervised?: boolean
  suspended?: boolean
  pendingExtension?: boolean
  pendingSuspension?: boolean
  overdue?: boolean
  bulletin?: boolean
  reworkCount?: number
  shirkCount?: number
  mergedInto?: number
  satisfaction?: string | null
  /** The case's form values: the report's, with the handling form's added. */
  fields?: Record<string, unknown>
  closedAt?: Date | null
  clocks?: ClockColumns
  alarmStep?: number
  nextAlarmAt?: Date | null
  updatedAt: Date
}

/** Case ids and code numbers taken from the sequences at a time. */
const numberBlock = 16

const point = (p: { lng: number; lat: number }) => sql`ST_SetSRID(ST_MakePoint(${p.lng}, ${p.lat}), 4326)`

/** Writes of cases, their timeline and attachments; every method runs in the caller's transaction. */
export class CaseStore {
  /** Case ids and code numbers taken from the sequences and not used yet, lowest first. */
  private readonly spare: { id: number; n: number }[] = []
  private refilling: Promise<void> | null = null

  constructor(readonly db: Db) {}

  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn)
  }

  /**
   * A new case's id and code, taken before the report is written so that all of it is one
   * statement. They come from their sequences a block at a time, kept by this instance: most
   * reports then cost no round trip for them (ADR 0008). Numbers a restart leaves unused are
   * skipped, as a rolled-back transaction's are; the code's number is unique, not gapless.
   */
  async allocate(codePrefix: string): Promise<{ id: number; code: string }> {
    for (;;) {
      const next = this.spare.shift()
      if (next) return { id: next.id, code: `${codePrefix}${String(next.n).padStart(6, '0')}` }
      this.refilling ??= this.refill().finally(() => {
        this.refilling = null
      })
      await this.refilling
    }
  }

  /** Drops the numbers kept, so the next case reads the sequences again (after they were set by hand). */
  forgetSpareNumbers(): void {
    this.spare.length = 0
  }

  private async refill(): Promise<void> {
    const { rows } = await sql<{ id: number; n: number }>`
      SELECT nextval('cases_id_seq') AS id, nextval('case_code_seq') AS n
      FROM generate_series(1, ${numberBlock})`.execute(this.db)
    const taken = rows.map((r) => ({ id: Number(r.id), n: Number(r.n) }))
    taken.sort((a, b) => a.id - b.id)
    this.spare.push(...taken)
  }

  /**
   * A report in one statement: the case, its first timeline row, its attachments
   * (all of them the caller's and still free, or nothing is written:
   * `RequirementFailed('attachments')`; with `photoRequired`, one of them an image, or
   * `RequirementFailed('photos')`), and what else the caller writes with it (audit,
   * notice) and sends (the live event). Answers the attachments as they now are.
   */
  async writeReport(w: {
    allocated: { id: number; code: string }
    case: NewCase
    clocks: ClockColumns
    nextAlarmAt: Date | null
    event: NewEvent
    attachmentIds: readonly number[]
    photoRequired: boolean
    uploader: number
    also: readonly (readonly [string, OperationNodeSource])[]
    notify: RawBuilder<unknown>
  }): Promise<{ eventId: number; attachments: AttachmentRow[] }> {
    const writes: [string, OperationNodeSource][] = [
      ['c', caseInsert(this.db, w.case, w.clocks, w.nextAlarmAt, w.allocated)],
      ['e', eventInsert(this.db, w.event).returning('id')],
    ]
    // After the attachments' own check: a photo requirement means nothing when one is not the caller's to use.
    const photos: [string, RawBuilder<boolean>][] =
      w.photoRequired && w.attachmentIds.length > 0
        ? [['photos', sql<boolean>`(SELECT count(*) FROM f WHERE kind = 'image') > 0`]]
        : []
    return this.writeStepParts(writes, w.attachmentIds, w.event.caseId, w.uploader, [], w.also, w.notify, {
      answerAttachments: true,
      requireAfter: photos,
    })
  }

  /**
   * A step of a case in one statement: the update if the case is still at the
   * version the caller saw (else nothing is written: `RequirementFailed('version')`),
   * the timeline row(s), attachments, and what the caller writes and sends with it.
   */
  async writeStep(w: {
    caseId: number
    expectedVersion: number
    update: CaseUpdate
    event: NewEvent
    /** The master's own timeline row when this step merges the case into it. */
    masterEvent: NewEvent | null
    attachmentIds: readonly number[]
    uploader: number
    also: readonly (readonly [string, OperationNodeSource])[]
    notify: RawBuilder<unknown>
  }): Promise<{ eventId: number }> {
    const writes: [string, OperationNodeSource][] = [
      ['u', caseUpdate(this.db, w.caseId, w.expectedVersion, w.update).returning('id')],
      ['e', eventInsert(this.db, w.event).returning('id')],
    ]
    if (w.masterEvent) writes.push(['m', eventInsert(this.db, w.masterEvent)])
    const version: [string, RawBuilder<boolean>] = ['version', sql<boolean>`(SELECT count(*) FROM u) = 1`]
    return this.writeStepParts(writes, w.attachmentIds, w.caseId, w.uploader, [version], w.also, w.notify)
  }

  private async writeStepParts(
    writes: [string, OperationNodeSource][],
    attachmentIds: readonly number[],
    caseId: number,
    uploader: number,
    require: [string, RawBuilder<boolean>][],
    also: readonly (readonly [string, OperationNodeSource])[],
    notify: RawBuilder<unknown>,
    options: { answerAttachments?: boolean; requireAfter?: [string, RawBuilder<boolean>][] } = {},
  ): Promise<{ eventId: number; attachments: AttachmentRow[] }> {
    const ids = [...new Set(attachmentIds)]
    if (ids.length > 0) {
      writes.push([
        'f',
        this.db
          .updateTable('case_attachments')
          .set({ case_id: caseId, event_id: sql<number>`(SELECT id FROM e)` })
          .where('id', 'in', ids)
          .where('case_id', 'is', null)
          .where('uploaded_by', '=', uploader)
          .returning(['id', 'sha256', 'thumb_sha256', 'kind', 'mime', 'size', 'uploaded_by', 'uploaded_at']),
      ])
      require.push(['attachments', sql<boolean>`(SELECT count(*) FROM f) = ${ids.length}`])
    }
    require.push(...(options.requireAfter ?? []))
    const files =
      options.answerAttachments && ids.length > 0
        ? sql`(SELECT coalesce(json_agg(json_build_object(
            'id', f.id, 'sha256', f.sha256, 'thumb_sha256', f.thumb_sha256, 'kind', f.kind,
            'mime', f.mime, 'size', f.size, 'uploaded_by', f.uploaded_by, 'uploaded_at', f.uploaded_at,
            'case_id', ${caseId}::bigint, 'event_id', (SELECT id FROM e)) ORDER BY f.id), '[]'::json) FROM f)`
        : sql`'[]'::json`
    const row = await writeAsOne<{ event_id: number; files: RawAttachment[] | string }>(this.db, {
      writes: [...writes, ...also],
      require,
      select: sql`(SELECT id FROM e) AS event_id, ${notify} AS notified, ${files} AS files`,
    })
    const raw = typeof row.files === 'string' ? (JSON.parse(row.files) as RawAttachment[]) : row.files
    return { eventId: Number(row.event_id), attachments: raw.map(toAttachment) }
  }

  /**
   * Applies an update when the case is still at `expectedVersion` (optimistic
   * lock) and bumps the version; false when someone else changed it first.
   */
  async update(trx: Db, id: number, expectedVersion: number | null, u: CaseUpdate): Promise<boolean> {
    const result = await caseUpdate(trx, id, expectedVersion, u).executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  async insertEvent(trx: Db, e: NewEvent): Promise<number> {
    const row = await eventInsert(trx, e).returning('id').executeTakeFirstOrThrow()
    return Number(row.id)
  }

  async insertAttachment(
    a: {
      sha256: string
      thumbSha256: string | null
      kind: string
      mime: string
      size: number
      uploadedBy: number
    },
    at: Date,
  ): Promise<number> {
    const row = await this.db
      .insertInto('case_attachments')
      .values({
        sha256: a.sha256,
        thumb_sha256: a.thumbSha256,
        kind: a.kind,
        mime: a.mime,
        size: a.size,
        uploaded_by: a.uploadedBy,
        uploaded_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(row.id)
  }

  /** Ties uploaded attachments to the step they came with; only the uploader's unattached files. */
  async attach(
    trx: Db,
    ids: readonly number[],
    caseId: number,
    eventId: number,
    uploader: number,
  ): Promise<number> {
    if (ids.length === 0) return 0
    const result = await trx
      .updateTable('case_attachments')
      .set({ case_id: caseId, event_id: eventId })
      .where('id', 'in', [...ids])
      .where('case_id', 'is', null)
      .where('uploaded_by', '=', uploader)
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }
}

/** The INSERT of a case, under the id and code taken before (CaseStore.allocate). */
function caseInsert(
  db: Db,
  c: NewCase,
  clocks: ClockColumns,
  nextAlarmAt: Date | null,
  allocated: { id: number; code: string },
) {
  return db.insertInto('cases').values({
    id: allocated.id,
    code: allocated.code,
    location: c.location ? point(c.location) : null,
    district_code: c.districtCode,
    channel: c.channel,
    item_code: c.itemCode,
    item_version_id: c.itemVersionId,
    title: c.title,
    description: c.description,
    address: c.address,
    area_code: c.areaCode,
    area_path: c.areaPath,
    grid_code: c.gridCode,
    boundary_version: c.boundaryVersion,
    urgency: c.urgency,
    level: c.level,
    status: c.status,
    reporter_kind: c.reporterKind,
    reporter_user_id: c.reporterUserId,
    reporter_name_cipher: c.reporterNameCipher,
    reporter_name_masked: c.reporterNameMasked,
    reporter_phone_cipher: c.reporterPhoneCipher,
    reporter_phone_masked: c.reporterPhoneMasked,
    reporter_phone_index: c.reporterPhoneIndex,
    fields: JSON.stringify(c.fields),
    external_ref: c.externalRef,
    intake_key: c.intakeKey,
    self_handled: c.selfHandled,
    clocks: JSON.stringify(clocks.clocks),
    due_at: clocks.dueAt,
    warn_at: clocks.warnAt,
    due_stage: clocks.dueStage,
    overdue: clocks.late,
    next_alarm_at: nextAlarmAt,
    occurred_at: c.occurredAt,
    reported_at: c.reportedAt,
    updated_at: c.reportedAt,
  })
}

/** The UPDATE of a case, bumping its version; with `expectedVersion`, only if it is still at that version. */
function caseUpdate(db: Db, id: number, expectedVersion: number | null, u: CaseUpdate) {
  const set: Record<string, unknown> = { updated_at: u.updatedAt }
  const put = (column: string, value: unknown) => {
    if (value !== undefined) set[column] = value
  }
  put('status', u.status)
  put('level', u.level)
  put('item_code', u.itemCode)
  put('item_version_id', u.itemVersionId)
  put('urgency', u.urgency)
  put('area_code', u.areaCode)
  put('area_path', u.areaPath)
  put('grid_code', u.gridCode)
  put('boundary_version', u.boundaryVersion)
  put('handler_unit_id', u.handlerUnitId)
  put('handler_user_id', u.handlerUserId)
  put('self_handled', u.selfHandled)
  put('supervised', u.supervised)
  put('suspended', u.suspended)
  put('pending_extension', u.pendingExtension)
  put('pending_suspension', u.pendingSuspension)
  put('overdue', u.overdue)
  put('bulletin', u.bulletin)
  put('rework_count', u.reworkCount)
  put('shirk_count', u.shirkCount)
  put('merged_into', u.mergedInto)
  put('satisfaction', u.satisfaction)
  put('fields', u.fields === undefined ? undefined : JSON.stringify(u.fields))
  put('closed_at', u.closedAt)
  put('alarm_step', u.alarmStep)
  put('next_alarm_at', u.nextAlarmAt)
  if (u.clocks) {
    set.clocks = JSON.stringify(u.clocks.clocks)
    set.due_at = u.clocks.dueAt
    set.warn_at = u.clocks.warnAt
    set.due_stage = u.clocks.dueStage
  }
  if (u.location) set.location = point(u.location)
  let query = db
    .updateTable('cases')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('id', '=', id)
  if (expectedVersion !== null) query = query.where('version', '=', expectedVersion)
  return query
}

function eventInsert(db: Db, e: NewEvent) {
  return db.insertInto('case_events').values({
    case_id: e.caseId,
    district_code: e.districtCode,
    at: e.at,
    action: e.action,
    actor_id: e.actorId,
    actor_name: e.actorName,
    role: e.role,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    note: e.note,
    data: JSON.stringify(e.data),
    clock: e.clock ? JSON.stringify(e.clock) : null,
  })
}
