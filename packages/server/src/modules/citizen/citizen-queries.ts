import type { CaseAction, CaseStatus } from '@onegrid/core/cases/states'
import { sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'

/** A resident's report as the tracking page reads it: the case, never its people. */
export type TrackedRow = {
  case_id: string
  tracking_code: string
  phone_index: string | null
  code: string
  status: CaseStatus
  version: number
  merged_into: string | null
  category: string
  description: string
  address: string | null
  reported_at: Date
  closed_at: Date | null
  satisfaction: 'satisfied' | 'basically' | 'unsatisfied' | null
  comment: string | null
  rated_at: Date | null
}

export type StepRow = {
  at: Date
  action: CaseAction
  from_status: CaseStatus | null
  to_status: CaseStatus | null
  note: string | null
  data: Record<string, unknown> | string
  to_unit: string | null
}

export type PublicCaseRow = {
  code: string
  status: CaseStatus
  category: string
  grp: string
  reported_at: Date
  closed_at: Date | null
  lng: string
  lat: string
  photos: string[] | null
}

/** Channels whose handled cases the public map shows: residents' own reports (as Open311 does). */
const publicChannels = ['citizen', 'open311']
/** Three decimals of a degree: about 110 m north–south, 95 m east–west at 30° N. */
export const blurDecimals = 3
export const blurMeters = 100

const trackedSelect = sql`
  SELECT r.case_id, r.tracking_code, c.reporter_phone_index AS phone_index, c.code, c.status, c.version, c.merged_into,
         v.name AS category, c.description, c.address, c.reported_at, c.closed_at,
         r.satisfaction, r.comment, r.rated_at
  FROM citizen_reports r
  JOIN cases c ON c.id = r.case_id
  JOIN catalog_item_versions v ON v.id = c.item_version_id`

export class CitizenQueries {
  constructor(private readonly db: Db) {}

  async byTrackingCode(code: string): Promise<TrackedRow | undefined> {
    const { rows } = await sql<TrackedRow>`${trackedSelect} WHERE r.tracking_code = ${code}`.execute(this.db)
    return rows[0]
  }

  async byCase(caseId: number): Promise<TrackedRow | undefined> {
    const { rows } = await sql<TrackedRow>`${trackedSelect} WHERE r.case_id = ${caseId}`.execute(this.db)
    return rows[0]
  }

  async byPhone(phoneIndex: string, limit: number): Promise<TrackedRow[]> {
    const { rows } = await sql<TrackedRow>`
      ${trackedSelect} WHERE c.reporter_phone_index = ${phoneIndex}
      ORDER BY r.created_at DESC LIMIT ${limit}`.execute(this.db)
    return rows
  }

  /** A case's steps, with the unit a dispatch sent it to. */
  async steps(caseId: number): Promise<StepRow[]> {
    const { rows } = await sql<StepRow>`
      SELECT e.at, e.action, e.from_status, e.to_status, e.note, e.data, u.name AS to_unit
      FROM case_events e
      LEFT JOIN units u ON u.id = (e.data->>'toUnitId')::bigint
      WHERE e.case_id = ${caseId}
      ORDER BY e.at, e.id`.execute(this.db)
    return rows
  }

  async caseStatus(caseId: number): Promise<{ status: CaseStatus; closed_at: Date | null } | undefined> {
    const { rows } = await sql<{ status: CaseStatus; closed_at: Date | null }>`
      SELECT status, closed_at FROM cases WHERE id = ${caseId}`.execute(this.db)
    return rows[0]
  }

  /**
   * Handled residents' cases of the last days, for the public map. The point
   * is rounded in SQL: the exact one never leaves the database. Photos are
   * listed only when a moderator approved them.
   */
  async publicCases(since: Date, limit: number): Promise<PublicCaseRow[]> {
    const { rows } = await sql<PublicCaseRow>`
      SELECT c.code, c.status, v.name AS category, m.name AS grp, c.reported_at, c.closed_at,
             round(ST_X(c.location)::numeric, ${blurDecimals})::text AS lng,
             round(ST_Y(c.location)::numeric, ${blurDecimals})::text AS lat,
             (SELECT array_agg(p.attachment_id::text ORDER BY p.attachment_id)
                FROM citizen_photos p JOIN case_attachments a ON a.id = p.attachment_id
                WHERE a.case_id = c.id AND p.status = 'approved') AS photos
      FROM cases c
      JOIN catalog_item_versions v ON v.id = c.item_version_id
      JOIN catalog_items i ON i.code = c.item_code
      JOIN catalog_majors m ON m.code = i.major_code
      WHERE c.channel IN (${sql.join(publicChannels.map((c) => sql`${c}`))})
        AND c.status IN ('closed', 'archived')
        AND c.closed_at >= ${since}
        AND c.location IS NOT NULL
      ORDER BY c.closed_at DESC, c.id DESC
      LIMIT ${limit}`.execute(this.db)
    return rows
  }

  /** Registry buildings whose standard address contains the words: where a resident may say it happened. */
  async addresses(words: string, limit: number): Promise<{ address: string; lng: number; lat: number }[]> {
    const pattern = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const { rows } = await sql<{ address: string; lng: number; lat: number }>`
      SELECT address, ST_X(location) AS lng, ST_Y(location) AS lat
      FROM registry_buildings
      WHERE address ILIKE ${pattern} AND location IS NOT NULL
      ORDER BY length(address), address
      LIMIT ${limit}`.execute(this.db)
    return rows
  }

  async buildingAt(address: string): Promise<{ lng: number; lat: number } | undefined> {
    const { rows } = await sql<{ lng: number; lat: number }>`
      SELECT ST_X(location) AS lng, ST_Y(location) AS lat FROM registry_buildings
      WHERE address = ${address} AND location IS NOT NULL ORDER BY id LIMIT 1`.execute(this.db)
    return rows[0]
  }

  /** An approved photo's thumbnail (or, when none could be made, nothing: originals keep their metadata). */
  async approvedThumb(attachmentId: number): Promise<string | undefined> {
    const { rows } = await sql<{ thumb_sha256: string | null }>`
      SELECT a.thumb_sha256 FROM citizen_photos p JOIN case_attachments a ON a.id = p.attachment_id
      WHERE p.attachment_id = ${attachmentId} AND p.status = 'approved' AND a.case_id IS NOT NULL`.execute(
      this.db,
    )
    return rows[0]?.thumb_sha256 ?? undefined
  }

  /** Residents' photos of cases in the scope: the queue oldest first, decided ones newest decision first. */
  async moderation(scope: Scope, status: string, limit: number) {
    const { rows } = await sql<{
      attachment_id: string
      case_id: string | null
      code: string | null
      uploaded_at: Date
      status: 'pending' | 'approved' | 'rejected'
    }>`
      SELECT p.attachment_id, c.id AS case_id, c.code, p.uploaded_at, p.status
      FROM citizen_photos p
      JOIN case_attachments a ON a.id = p.attachment_id
      JOIN cases c ON c.id = a.case_id
      WHERE p.status = ${status} AND ${inAreaScope('c.area_path', scope)}
      ORDER BY ${status === 'pending' ? sql`p.uploaded_at, p.attachment_id` : sql`p.moderated_at DESC, p.attachment_id DESC`}
      LIMIT ${limit}`.execute(this.db)
    return rows
  }

  /** The area path of the case a resident's photo belongs to (null while no report has taken it). */
  async photoCasePath(attachmentId: number): Promise<{ path: string | null } | undefined> {
    const { rows } = await sql<{ path: string | null }>`
      SELECT c.area_path::text AS path FROM citizen_photos p
      JOIN case_attachments a ON a.id = p.attachment_id
      LEFT JOIN cases c ON c.id = a.case_id
      WHERE p.attachment_id = ${attachmentId}`.execute(this.db)
    return rows[0]
  }
}
