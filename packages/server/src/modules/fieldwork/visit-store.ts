import type { TVisitFinding, TVisitLocation, VisitMethod } from '@onegrid/core/api/visits'
import { sql } from 'kysely'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import type { Actor } from '../../platform/auth/principal.ts'
import type { Db } from '../../platform/db/database.ts'

export type NewVisit = {
  gridCode: string
  areaPath: string
  visitorId: number
  targetKind: 'household' | 'person'
  targetId: number
  householdId: number | null
  visitedAt: Date
  method: VisitMethod
  notes: string
  findings: TVisitFinding[]
  location: TVisitLocation | undefined
  attachmentIds: readonly number[]
}

/** Writes of visits; one transaction per visit with its photos and its audit row. */
export class VisitStore {
  constructor(readonly db: Db) {}

  async insert(v: NewVisit, actor: Actor, at: Date): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('visits')
        .values({
          district_code: v.gridCode.slice(0, 6),
          area_path: v.areaPath,
          grid_code: v.gridCode,
          visitor_id: v.visitorId,
          target_kind: v.targetKind,
          target_id: v.targetId,
          household_id: v.householdId,
          visited_at: v.visitedAt,
          method: v.method,
          notes: v.notes,
          findings: JSON.stringify(v.findings),
          flags: v.findings.map((f) => f.flag),
          location: v.location
            ? sql`ST_SetSRID(ST_MakePoint(${v.location.lng}, ${v.location.lat}), 4326)`
            : null,
          location_accuracy: v.location?.accuracy ?? null,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const id = Number(row.id)
      if (v.attachmentIds.length > 0)
        await trx
          .insertInto('visit_attachments')
          .values(
            v.attachmentIds.map((attachmentId, position) => ({
              visit_id: id,
              attachment_id: attachmentId,
              position,
            })),
          )
          .execute()
      await auditInsert(
        trx,
        actor,
        {
          action: 'visit.record',
          entityType: 'visit',
          entityId: id,
          areaPath: v.areaPath,
          details: {
            target: `${v.targetKind}:${v.targetId}`,
            method: v.method,
            flags: v.findings.map((f) => f.flag),
            photos: v.attachmentIds.length,
          },
        },
        at,
      ).execute()
      return id
    })
  }
}
