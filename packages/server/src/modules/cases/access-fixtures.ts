import type { TCase } from '@onegrid/core/api/cases'
import type { Role } from '@onegrid/core/auth/roles'
import { sql } from 'kysely'
import sharp from 'sharp'
import type { Caller, ModuleFixtures, Target } from '../../../test/access-matrix.ts'
import { createUser, systemActor } from '../../../test/identity-fixtures.ts'
import { multipart } from '../../../test/multipart.ts'
import type { UserPrincipal } from '../../platform/auth/principal.ts'

const reporters: readonly Role[] = ['grid_worker', 'grid_leader', 'supervisor', 'operator', 'shift_leader']
const areaRoles: readonly Role[] = [
  'grid_worker',
  'grid_leader',
  'supervisor',
  'operator',
  'dispatcher',
  'shift_leader',
  'leader',
  'admin',
]

/** The authorization matrix's requests for cases and notifications. */
export const caseAccessFixtures: ModuleFixtures = ({ app, areaOf }) => {
  let district: UserPrincipal | undefined
  /** A district-wide operator to make the cases the callers act on. */
  const operator = async (): Promise<UserPrincipal> => {
    if (district) return district
    const user = await createUser(app(), {
      username: 'm_case_operator',
      role: 'operator',
      areaCode: '110120',
    })
    district = await app().services.sessions.principalFor(user.id, user.username, 'matrix', false)
    return district
  }
  const pointIn = async (t: Target) => {
    const { rows } = await sql<{ lng: number; lat: number }>`
      SELECT ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat
      FROM areas WHERE level = 'grid' AND code LIKE ${`${areaOf(t)}%`} ORDER BY code LIMIT 1`.execute(
      app().database.db,
    )
    const p = rows[0]
    if (!p) throw new Error(`no grid under ${areaOf(t)}`)
    return { lng: Number(p.lng), lat: Number(p.lat) }
  }
  const caseAt = async (t: Target): Promise<TCase> =>
    (
      await app().services.cases.report.report(
        await operator(),
        systemActor,
        {
          itemCode: 'ZZ01001',
          channel: 'hotline',
          description: '权限矩阵测试案件',
          reporter: { name: '李四', phone: '13900001111', anonymous: false },
          location: await pointIn(t),
          urgency: 'normal',
          fields: {},
          attachmentIds: [],
          selfHandle: false,
          handlingFields: {},
        },
        null,
      )
    ).case
  /** At a community the grid leader runs the station and may do the center's work. */
  const center = (c: TCase, roles: readonly Role[]): readonly Role[] =>
    c.level === 'community' ? [...roles, 'grid_leader' as const] : roles
  const refusedUnless = (caller: Caller, allowed: readonly Role[]) =>
    caller.role !== 'anonymous' && caller.role !== 'api_key' && !allowed.includes(caller.role)

  return {
    exportCases: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/cases/export?format=csv' }),
    },
    reportCase: {
      targeted: true,
      call: async (caller, t) => ({
        method: 'POST',
        url: '/api/cases',
        payload: {
          itemCode: 'ZZ01001',
          channel: 'grid_worker',
          description: '矩阵上报',
          location: await pointIn(t),
        },
        refused: refusedUnless(caller, reporters),
      }),
    },
    listCases: { targeted: false, call: async () => ({ method: 'GET', url: '/api/cases?pageSize=200' }) },
    getCaseQueues: { targeted: false, call: async () => ({ method: 'GET', url: '/api/cases/queues' }) },
    getCaseMap: { targeted: false, call: async () => ({ method: 'GET', url: '/api/cases/map' }) },
    findDuplicateCases: {
      targeted: false,
      call: async () => {
        const p = await pointIn('in')
        return { method: 'GET', url: `/api/cases/duplicates?lng=${p.lng}&lat=${p.lat}&radius=1000&days=90` }
      },
    },
    getCase: {
      targeted: true,
      call: async (caller, t) => ({
        method: 'GET',
        url: `/api/cases/${(await caseAt(t)).id}`,
        // A department sees a case once it is dispatched to it.
        refused: refusedUnless(caller, areaRoles),
      }),
    },
    performCaseAction: {
      targeted: true,
      call: async (caller, t) => {
        const c = await caseAt(t)
        return {
          method: 'POST',
          url: `/api/cases/${c.id}/actions`,
          payload: { action: 'urge', expectedVersion: c.version },
          refused: refusedUnless(caller, ['operator', 'dispatcher', 'shift_leader', 'leader']),
        }
      },
    },
    mergeCases: {
      targeted: true,
      call: async (caller, t) => {
        const master = await caseAt(t)
        const dup = await caseAt(t)
        return {
          method: 'POST',
          url: '/api/cases/merge',
          payload: { masterId: master.id, duplicateIds: [dup.id] },
          refused: refusedUnless(caller, center(dup, ['operator', 'shift_leader'])),
        }
      },
    },
    uploadAttachment: {
      targeted: false,
      call: async () => {
        const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
          .png()
          .toBuffer()
        const body = multipart({}, { name: 'x.png', type: 'image/png', data: png })
        return { method: 'POST', url: '/api/cases/attachments', payload: body.payload, headers: body.headers }
      },
    },
    getAttachment: {
      targeted: true,
      call: async (caller, t) => {
        // Inside: the caller's own upload. Outside: someone else's, not yet part of a case they may see.
        const uploader = t === 'in' && caller.userId !== null ? caller.userId : (await operator()).userId
        const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#468' } })
          .png()
          .toBuffer()
        const stored = await app().services.files.store(png, ['image'])
        const row = await app()
          .database.db.insertInto('case_attachments')
          .values({
            sha256: stored.sha256,
            thumb_sha256: null,
            kind: 'image',
            mime: stored.mime,
            size: stored.size,
            uploaded_by: uploader,
            uploaded_at: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        return { method: 'GET', url: `/api/cases/attachments/${row.id}` }
      },
    },
    revealCaseReporter: {
      targeted: true,
      call: async (_caller, t) => ({
        method: 'POST',
        url: `/api/cases/${(await caseAt(t)).id}/reveal-reporter`,
        payload: { reason: '回访需要联系报案人' },
      }),
    },
    listNotifications: { targeted: false, call: async () => ({ method: 'GET', url: '/api/notifications' }) },
    markNotificationsRead: {
      targeted: false,
      call: async () => ({ method: 'POST', url: '/api/notifications/read', payload: { all: true } }),
    },
  }
}
