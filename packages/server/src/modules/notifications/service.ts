import type { TNotification, TNotificationList } from '@onegrid/core/api/cases'
import type { Role } from '@onegrid/core/auth/roles'
import { sql } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import { type OutboxRow, outboxInsert, type Transport } from '../../platform/outbox/outbox.ts'
import type { RealtimeHub } from '../../platform/realtime/hub.ts'

/** Who hears about something: holders of roles whose areas contain a place, members of units, people. */
export type Recipients = {
  roles?: readonly Role[]
  /** With `roles`: the place (an area path) their assignment must contain. */
  areaPath?: string
  unitIds?: readonly number[]
  userIds?: readonly number[]
  /** Never tell the person who caused it. */
  exceptUserId?: number | null
}

export type NotificationMessage = {
  kind: string
  title: string
  body: string
  caseId: number | null
  caseCode: string | null
  recipients: Recipients
}

const channel = 'inapp'

/**
 * In-app notifications. A change enqueues one outbox message in its own
 * transaction (so a notification exists exactly when the change does); the
 * outbox dispatcher delivers it here: recipients are resolved then, rows are
 * written once per message and user (a redelivery adds nothing), and each
 * recipient's open consoles get it over SSE.
 */
export class NotificationService implements Transport {
  constructor(
    private readonly db: Db,
    private readonly hub: RealtimeHub,
    private readonly clock: Clock,
  ) {}

  static readonly channel = channel

  /** In the caller's transaction. */
  async enqueue(trx: Db, message: NotificationMessage, now: Date): Promise<void> {
    await this.outboxWrite(trx, message, now).execute()
  }

  /** The outbox INSERT of a notification, for a caller that writes it as part of one statement. */
  outboxWrite(db: Db, message: NotificationMessage, now: Date) {
    return outboxInsert(db, { channel, destination: message.kind, payload: message, maxAttempts: 20 }, now)
  }

  async deliver(row: OutboxRow): Promise<void> {
    const message = (
      typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload
    ) as NotificationMessage
    const users = await this.recipients(message.recipients)
    if (users.length === 0) return
    const now = this.clock.now()
    const inserted = await this.db
      .insertInto('notifications')
      .values(
        users.map((userId) => ({
          user_id: userId,
          kind: message.kind,
          title: message.title,
          body: message.body,
          case_id: message.caseId,
          source: `outbox:${row.id}`,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['source', 'user_id']).doNothing())
      .returning(['id', 'user_id'])
      .execute()
    await this.hub.publishMany(
      'notification',
      inserted.map((n) => {
        const data: TNotification = {
          id: Number(n.id),
          kind: message.kind,
          title: message.title,
          body: message.body,
          caseId: message.caseId,
          caseCode: message.caseCode,
          createdAt: now.toISOString(),
          readAt: null,
        }
        return { data, userId: Number(n.user_id) }
      }),
    )
  }

  private async recipients(r: Recipients): Promise<number[]> {
    const arms = []
    if (r.roles?.length && r.areaPath)
      arms.push(sql`SELECT ra.user_id FROM role_assignments ra
        WHERE ra.role IN (${sql.join(r.roles.map((x) => sql`${x}`))})
          AND ra.area_path IS NOT NULL AND CAST(${r.areaPath} AS ltree) <@ ra.area_path`)
    if (r.unitIds?.length)
      arms.push(sql`SELECT ra.user_id FROM role_assignments ra
        WHERE ra.unit_id IN (${sql.join(r.unitIds.map((x) => sql`${x}`))})`)
    if (r.userIds?.length)
      arms.push(
        sql`SELECT u.id AS user_id FROM users u WHERE u.id IN (${sql.join(r.userIds.map((x) => sql`${x}`))})`,
      )
    if (arms.length === 0) return []
    const { rows } = await sql<{ user_id: number }>`
      SELECT DISTINCT t.user_id FROM (${sql.join(arms, sql` UNION `)}) t
      JOIN users u ON u.id = t.user_id AND u.status = 'active'
      ORDER BY t.user_id`.execute(this.db)
    return rows.map((x) => Number(x.user_id)).filter((id) => id !== r.exceptUserId)
  }

  async list(
    userId: number,
    q: { unread?: boolean | undefined; before?: number | undefined; limit: number },
  ): Promise<TNotificationList> {
    let query = this.db
      .selectFrom('notifications as n')
      .leftJoin('cases as c', 'c.id', 'n.case_id')
      .select(['n.id', 'n.kind', 'n.title', 'n.body', 'n.case_id', 'c.code', 'n.created_at', 'n.read_at'])
      .where('n.user_id', '=', userId)
      .orderBy('n.id', 'desc')
      .limit(q.limit)
    if (q.unread) query = query.where('n.read_at', 'is', null)
    if (q.before) query = query.where('n.id', '<', q.before)
    const rows = await query.execute()
    const unread = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow()
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        title: r.title,
        body: r.body,
        caseId: r.case_id === null ? null : Number(r.case_id),
        caseCode: r.code,
        createdAt: r.created_at.toISOString(),
        readAt: r.read_at?.toISOString() ?? null,
      })),
      unread: Number(unread.n),
    }
  }

  async markRead(
    userId: number,
    input: { ids?: number[] | undefined; all?: boolean | undefined },
  ): Promise<{ updated: number }> {
    let query = this.db
      .updateTable('notifications')
      .set({ read_at: this.clock.now() })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
    if (!input.all) query = query.where('id', 'in', input.ids ?? [])
    const result = await query.executeTakeFirst()
    return { updated: Number(result.numUpdatedRows) }
  }
}
