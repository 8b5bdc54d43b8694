import type { upstreamReasons } from '@onegrid/core/api/integrations'
import { type OperationNodeSource, type RawBuilder, sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

export type UpstreamReason = (typeof upstreamReasons)[number]

/** An outbox message to the superior platform, before the link's facts are added to it. */
export type UpstreamPush = {
  caseId: number
  channel: string
  url: string
  /** The payload without `reason` and `upstreamRef`: those are the link's, read in the statement. */
  payload: Record<string, unknown>
  orderingKey: string
  maxAttempts: number
  at: Date
}

/**
 * The writes of the superior platform link, as parts of a case step's one
 * statement (each part sees the database as it was before the statement).
 */
export const upstreamWrites = {
  /** Links the case, unless it is linked already (the first reason stays). */
  link(db: Db, caseId: number, reason: UpstreamReason, at: Date): OperationNodeSource {
    return db
      .insertInto('upstream_links')
      .values({ case_id: caseId, reason, linked_at: at })
      .onConflict((oc) => oc.column('case_id').doNothing())
  },

  /**
   * The push, written only when the case is linked: by a link made before
   * this statement, or, when `linking` is given, by the link this statement
   * makes. The payload gets the link's reason and the platform's reference.
   */
  push(p: UpstreamPush, linking: UpstreamReason | null): OperationNodeSource {
    const made = linking
      ? sql`UNION ALL SELECT ${linking}::text, NULL::text
            WHERE NOT EXISTS (SELECT 1 FROM upstream_links WHERE case_id = ${p.caseId})`
      : sql``
    return sql`
      INSERT INTO outbox
        (channel, destination, payload, headers, max_attempts, ordering_key, next_attempt_at, created_at)
      SELECT ${p.channel}, ${p.url},
             ${JSON.stringify(p.payload)}::jsonb
               || jsonb_build_object('reason', l.reason, 'upstreamRef', l.upstream_ref),
             '{}'::jsonb, ${p.maxAttempts}, ${p.orderingKey}, ${p.at}, ${p.at}
      FROM (SELECT reason, upstream_ref FROM upstream_links WHERE case_id = ${p.caseId} ${made}) l`
  },
}

/** A case as an update of the platform names it. */
export type UpstreamCaseRow = {
  id: number
  code: string
  districtCode: string
  areaPath: string
  status: string
  version: number
  /** Whether the case was pushed to the platform (linked). */
  linked: boolean
}

export type NewUpstreamUpdate = {
  updateId: string
  caseId: number
  districtCode: string
  status: string
  upstreamRef: string | null
  note: string | null
  saidAt: Date
  receivedAt: Date
  /** The timeline row's actor name and data. */
  actorName: string
  data: Record<string, unknown>
}

/** Reads and writes of the platform's updates. */
export class UpstreamStore {
  constructor(private readonly db: Db) {}

  async caseByCode(code: string): Promise<UpstreamCaseRow | undefined> {
    const { rows } = await sql<{
      id: string | number
      code: string
      district_code: string
      area_path: string
      status: string
      version: number
      linked: boolean
    }>`
      SELECT c.id, c.code, c.district_code, c.area_path::text AS area_path, c.status, c.version,
             EXISTS (SELECT 1 FROM upstream_links l WHERE l.case_id = c.id) AS linked
      FROM cases c WHERE c.code = ${code}`.execute(this.db)
    const r = rows[0]
    return r
      ? {
          id: Number(r.id),
          code: r.code,
          districtCode: r.district_code,
          areaPath: r.area_path,
          status: r.status,
          version: Number(r.version),
          linked: r.linked,
        }
      : undefined
  }

  /**
   * Records an update once per update id, in one statement: the update, its
   * row on the case's timeline (the case's status and version stay: the
   * platform informs, the district acts), the link's latest word (by the
   * platform's time, so a late delivery does not overwrite a newer one) and
   * the live event. False when the update id was recorded before.
   */
  async record(u: NewUpstreamUpdate, notify: RawBuilder<unknown>): Promise<boolean> {
    const { rows } = await sql<{ event_id: string | number | null }>`
      WITH claim AS (
        INSERT INTO upstream_updates
          (update_id, case_id, event_id, status, upstream_ref, note, said_at, received_at)
        VALUES (${u.updateId}, ${u.caseId}, nextval('case_events_id_seq'), ${u.status}, ${u.upstreamRef},
                ${u.note}, ${u.saidAt}, ${u.receivedAt})
        ON CONFLICT (update_id) DO NOTHING
        RETURNING event_id
      ), e AS (
        INSERT INTO case_events
          (id, case_id, district_code, at, action, actor_id, actor_name, role, from_status, to_status,
           note, data, clock)
        SELECT event_id, ${u.caseId}, ${u.districtCode}, ${u.receivedAt}, 'upstream_update', NULL,
               ${u.actorName}, NULL, NULL, NULL, ${u.note}, ${JSON.stringify(u.data)}::jsonb, NULL
        FROM claim
        RETURNING id
      ), l AS (
        UPDATE upstream_links
        SET upstream_ref = coalesce(${u.upstreamRef}, upstream_ref),
            last_status = CASE WHEN last_update_at IS NULL OR last_update_at <= ${u.saidAt}
                               THEN ${u.status} ELSE last_status END,
            last_update_at = greatest(last_update_at, ${u.saidAt})
        WHERE case_id = ${u.caseId} AND EXISTS (SELECT 1 FROM claim)
      )
      SELECT (SELECT id FROM e) AS event_id,
             CASE WHEN EXISTS (SELECT 1 FROM e) THEN ${notify} END AS notified`.execute(this.db)
    return (rows[0]?.event_id ?? null) !== null
  }
}
