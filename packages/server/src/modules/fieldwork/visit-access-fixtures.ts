import { sql } from 'kysely'
import type { ModuleFixtures, Target } from '../../../test/access-matrix.ts'
import { createUser, systemActor } from '../../../test/identity-fixtures.ts'
import type { UserPrincipal } from '../../platform/auth/principal.ts'

/** The authorization matrix's requests for visits (走访) and the visit plan. */
export const visitAccessFixtures: ModuleFixtures = ({ app, areaOf, next }) => {
  let admin: UserPrincipal | undefined
  /** A district-wide administrator records the households and visits the callers act on. */
  const districtAdmin = async (): Promise<UserPrincipal> => {
    if (admin) return admin
    const user = await createUser(app(), { username: 'm_visit_admin', role: 'admin', areaCode: '110120' })
    admin = await app().services.sessions.principalFor(user.id, user.username, 'matrix', false)
    return admin
  }
  const gridIn = async (t: Target): Promise<string> => {
    const { rows } = await sql<{ code: string }>`
      SELECT code FROM areas WHERE level = 'grid' AND code LIKE ${`${areaOf(t)}%`} ORDER BY code LIMIT 1`.execute(
      app().database.db,
    )
    const code = rows[0]?.code
    if (!code) throw new Error(`no grid under ${areaOf(t)}`)
    return code
  }
  /** A fresh household with one member in the target street. */
  const householdAt = async (t: Target): Promise<number> => {
    const p = await districtAdmin()
    const gridCode = await gridIn(t)
    const person = await app().services.registry.persons.create(p, systemActor, {
      name: next('走访对象'),
      documentKind: 'other',
      gridCode,
    })
    const household = await app().services.registry.households.create(p, systemActor, {
      kind: 'family',
      nonLocal: false,
      gridCode,
      members: [{ personId: person.id, relation: '02' }],
    })
    return household.id
  }
  const visitAt = async (t: Target): Promise<number> => {
    const visit = await app().services.visits.visits.record(await districtAdmin(), systemActor, {
      target: { kind: 'household', id: await householdAt(t) },
      visitedAt: new Date().toISOString(),
      method: 'door',
      notes: '矩阵走访',
      findings: [],
      attachmentIds: [],
    })
    return visit.id
  }

  return {
    recordVisit: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: '/api/visits',
        payload: {
          target: { kind: 'household', id: await householdAt(t) },
          visitedAt: new Date().toISOString(),
          notes: '入户走访',
        },
      }),
    },
    listVisits: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/visits?pageSize=500' }),
    },
    getVisit: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/visits/${await visitAt(t)}` }),
    },
    listDueVisits: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/visits/due?areaCode=${areaOf(t)}&pageSize=200` }),
    },
    getVisitStats: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/visits/stats?areaCode=${areaOf(t)}` }),
    },
    getVisitPlanSettings: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/visit-plan' }),
    },
    updateVisitPlanSettings: {
      targeted: false,
      districtWide: true,
      call: async () => {
        const { updatedAt: _a, updatedBy: _b, ...current } = await app().services.visits.plan.get()
        return { method: 'PUT', url: '/api/visit-plan', payload: { ...current, reason: '权限矩阵测试' } }
      },
    },
  }
}
