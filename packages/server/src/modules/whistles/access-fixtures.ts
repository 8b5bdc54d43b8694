import type { Role } from '@onegrid/core/auth/roles'
import { sql } from 'kysely'
import type { Caller, ModuleFixtures, Target } from '../../../test/access-matrix.ts'
import { createUser, systemActor } from '../../../test/identity-fixtures.ts'
import type { UserPrincipal } from '../../platform/auth/principal.ts'

/** Roles that may blow the whistle (and so record arrivals and close their own). */
const raisers: readonly Role[] = ['grid_worker', 'grid_leader', 'shift_leader', 'admin']
/** The center: escalates, and closes any whistle of its area. */
const center: readonly Role[] = ['shift_leader', 'leader', 'admin']

/**
 * The authorization matrix's requests for the whistle (吹哨报到). The whistles a caller acts on
 * lie in the target street and summon that street's first platform (the matrix's department
 * handler works there) and the district's 城市管理局.
 */
export const whistleAccessFixtures: ModuleFixtures = ({ app, areaOf }) => {
  let admin: UserPrincipal | undefined
  const districtAdmin = async (): Promise<UserPrincipal> => {
    if (admin) return admin
    const user = await createUser(app(), { username: 'm_whistle_admin', role: 'admin', areaCode: '110120' })
    admin = await app().services.sessions.principalFor(user.id, user.username, 'matrix', false)
    return admin
  }
  const pointIn = async (t: Target): Promise<{ lng: number; lat: number }> => {
    const { rows } = await sql<{ lng: number; lat: number }>`
      SELECT ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat
      FROM areas WHERE level = 'grid' AND code LIKE ${`${areaOf(t)}%`} ORDER BY code LIMIT 1`.execute(
      app().database.db,
    )
    const r = rows[0]
    if (!r) throw new Error(`no grid under ${areaOf(t)}`)
    return { lng: Number(r.lng), lat: Number(r.lat) }
  }
  const unitsFor = async (t: Target): Promise<number[]> => {
    const db = app().database.db
    const platform = await db
      .selectFrom('units')
      .select('id')
      .where('area_code', '=', areaOf(t))
      .where('kind', '=', 'platform')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow()
    const department = await db
      .selectFrom('units')
      .select('id')
      .where('name', '=', '城市管理局')
      .executeTakeFirstOrThrow()
    return [Number(platform.id), Number(department.id)]
  }
  const principalOf = async (c: Caller): Promise<UserPrincipal | null> =>
    c.userId ? app().services.sessions.principalFor(c.userId, c.name, 'matrix', false) : null
  /** A whistle in the target street: the caller's own when they may raise one there, else the district admin's. */
  const whistleAt = async (t: Target, raiser?: UserPrincipal | null): Promise<number> => {
    const w = await app().services.whistles.whistles.raise(raiser ?? (await districtAdmin()), systemActor, {
      title: '矩阵吹哨',
      description: '',
      location: await pointIn(t),
      unitIds: await unitsFor(t),
      ackMinutes: 30,
      arriveMinutes: 120,
    })
    return w.id
  }
  const ownOrAdmins = async (c: Caller, t: Target): Promise<number> =>
    whistleAt(t, t === 'in' && raisers.includes(c.role as Role) ? await principalOf(c) : null)

  return {
    raiseWhistle: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: '/api/whistles',
        payload: { title: '违法建设联合处置', location: await pointIn(t), unitIds: await unitsFor(t) },
      }),
    },
    listWhistleUnits: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/whistles/units' }),
    },
    listWhistles: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/whistles?pageSize=100' }),
    },
    getWhistle: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/whistles/${await whistleAt(t)}` }),
    },
    acknowledgeWhistle: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: `/api/whistles/${await whistleAt(t)}/acknowledge`,
        payload: { note: '收到，马上到' },
      }),
    },
    checkInWhistle: {
      targeted: true,
      call: async (c, t) => {
        const id = await ownOrAdmins(c, t)
        const [platform] = await unitsFor(t)
        // A department's handler checks in on site; the raiser records the platform's arrival.
        return {
          method: 'POST',
          url: `/api/whistles/${id}/check-in`,
          payload: c.role === 'dept_handler' ? { location: await pointIn(t) } : { unitId: platform },
          refused: c.role !== 'dept_handler' && !raisers.includes(c.role as Role),
        }
      },
    },
    escalateWhistle: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: `/api/whistles/${await whistleAt(t)}/escalate`,
        payload: { note: '请尽快到场' },
      }),
    },
    closeWhistle: {
      targeted: true,
      call: async (c, t) => ({
        method: 'POST',
        url: `/api/whistles/${await ownOrAdmins(c, t)}/close`,
        payload: { outcome: '已联合处置完毕' },
        refused: !raisers.includes(c.role as Role) && !center.includes(c.role as Role),
      }),
    },
  }
}
