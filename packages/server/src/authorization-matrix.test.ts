import { type Role, roles } from '@onegrid/core/auth/roles'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Call, Caller, Fixture, MatrixContext, Target } from '../test/access-matrix.ts'
import { createUser, rootScope, systemActor, testPassword } from '../test/identity-fixtures.ts'
import { createTestApp } from '../test/test-app.ts'
import type { App } from './app.ts'
import { areaAccessFixtures } from './modules/areas/access-fixtures.ts'
import { importAccessFixtures } from './modules/areas/import/access-fixtures.ts'
import { assessmentAccessFixtures } from './modules/assessment/access-fixtures.ts'
import { calendarAccessFixtures } from './modules/calendar/access-fixtures.ts'
import { campaignAccessFixtures } from './modules/campaigns/access-fixtures.ts'
import { caseAccessFixtures } from './modules/cases/access-fixtures.ts'
import { catalogAccessFixtures } from './modules/catalog/access-fixtures.ts'
import { citizenAccessFixtures } from './modules/citizen/access-fixtures.ts'
import { exchangeAccessFixtures } from './modules/exchange/access-fixtures.ts'
import { patrolAccessFixtures } from './modules/fieldwork/patrol-access-fixtures.ts'
import { visitAccessFixtures } from './modules/fieldwork/visit-access-fixtures.ts'
import { gridStaffAccessFixtures } from './modules/grid-staff/access-fixtures.ts'
import { sha256 } from './modules/identity/sessions.ts'
import { integrationAccessFixtures } from './modules/integrations/access-fixtures.ts'
import { registryAccessFixtures } from './modules/registry/access-fixtures.ts'
import { registryImportAccessFixtures } from './modules/registry/import/access-fixtures.ts'
import { placeAccessFixtures } from './modules/registry/places/access-fixtures.ts'
import { spotCheckAccessFixtures } from './modules/registry/spot-check-access-fixtures.ts'
import { statsAccessFixtures } from './modules/stats/access-fixtures.ts'
import { bulletinAccessFixtures } from './modules/stats/bulletin/bulletin-access-fixtures.ts'
import { syncAccessFixtures } from './modules/sync/access-fixtures.ts'
import { whistleAccessFixtures } from './modules/whistles/access-fixtures.ts'

/**
 * Every operation of the OpenAPI document, run as every role (each scoped to
 * 东湖街道 110120001), as an anonymous caller and as a machine client, against
 * a target inside the caller's jurisdiction and one outside it (西园街道
 * 110120002). A new operation without a fixture fails this test.
 */

const demoPassword = 'Demo#2026grid'
const inside = '110120001'
const outside = '110120002'

describe('authorization matrix', () => {
  let app: App
  const callers: Caller[] = []
  /** An administrator of the whole district, for district-wide rules only. */
  let districtAdmin: Caller
  let unique = 0
  const next = (prefix: string) => `${prefix}${++unique}`
  const byRoleAt = { in: 0, out: 0 }
  const userAt: Record<Target, number> = { in: 0, out: 0 }

  const login = async (username: string, password: string) =>
    (await app.services.login.login(username, password, systemActor)).token

  const areaOf = (t: Target, suffix = '') => (t === 'in' ? inside : outside) + suffix

  const ctx: MatrixContext = { app: () => app, inside, outside, areaOf, next, userAt }
  const fixtures: Record<string, Fixture> = {
    ...areaAccessFixtures(ctx),
    ...importAccessFixtures(ctx),
    ...gridStaffAccessFixtures(ctx),
    ...catalogAccessFixtures(ctx),
    ...calendarAccessFixtures(ctx),
    ...caseAccessFixtures(ctx),
    ...citizenAccessFixtures(ctx),
    ...registryAccessFixtures(ctx),
    ...spotCheckAccessFixtures(ctx),
    ...syncAccessFixtures(ctx),
    ...registryImportAccessFixtures(ctx),
    ...placeAccessFixtures(ctx),
    ...visitAccessFixtures(ctx),
    ...campaignAccessFixtures(ctx),
    ...patrolAccessFixtures(ctx),
    ...bulletinAccessFixtures(ctx),
    ...statsAccessFixtures(ctx),
    ...assessmentAccessFixtures(ctx),
    ...integrationAccessFixtures(ctx),
    ...exchangeAccessFixtures(ctx),
    ...whistleAccessFixtures(ctx),
    getHealth: { targeted: false, call: async () => ({ method: 'GET', url: '/health' }) },
    getVersion: { targeted: false, call: async () => ({ method: 'GET', url: '/api/version' }) },
    getMapConfig: { targeted: false, call: async () => ({ method: 'GET', url: '/api/map-config' }) },
    streamEvents: {
      targeted: false,
      coveredElsewhere: 'platform/realtime/realtime.test.ts (scope and anonymous filtering over real SSE)',
      call: async () => ({ method: 'GET', url: '/api/events' }),
    },
    login: {
      targeted: false,
      call: async () => ({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'wanggeyuan', password: demoPassword },
      }),
    },
    logout: {
      targeted: false,
      call: async (c) => ({
        method: 'POST',
        url: '/api/auth/logout',
        token: c.role === 'anonymous' || c.role === 'api_key' ? c.token : await login(c.name, c.password),
      }),
    },
    getMe: { targeted: false, call: async () => ({ method: 'GET', url: '/api/me' }) },
    changePassword: {
      targeted: false,
      call: async (c) => {
        const next = `${c.password.slice(0, 8)}x${unique++}`
        const call: Call = {
          method: 'POST',
          url: '/api/me/password',
          payload: { currentPassword: c.password, newPassword: next },
        }
        pendingPassword.set(c.name, next)
        return call
      },
    },
    listMySessions: { targeted: false, call: async () => ({ method: 'GET', url: '/api/me/sessions' }) },
    revokeMySession: {
      targeted: true,
      call: async (c, t) => {
        // Inside: one of the caller's own other sessions. Outside: somebody else's session.
        const token =
          t === 'in' && c.userId ? await login(c.name, c.password) : await login('target_out', testPassword)
        const session = await app.database.db
          .selectFrom('sessions')
          .select('id')
          .where('token_hash', '=', sha256(token))
          .executeTakeFirstOrThrow()
        return { method: 'POST', url: `/api/me/sessions/${session.id}/revoke` }
      },
    },
    listUsers: { targeted: false, call: async () => ({ method: 'GET', url: '/api/users?limit=200' }) },
    createUser: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: '/api/users',
        payload: {
          username: next('new'),
          displayName: '新用户',
          initialPassword: 'Start#2026pw',
          assignments: [{ role: 'grid_worker', areaCode: areaOf(t, '003') }],
        },
      }),
    },
    updateUser: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'PATCH',
        url: `/api/users/${userAt[t]}`,
        payload: { displayName: next('改名') },
      }),
    },
    assignRole: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: `/api/users/${userAt[t]}/assignments`,
        payload: {
          role: 'grid_leader',
          areaCode: areaOf(t, String((byRoleAt[t]++ % 4) + 1).padStart(3, '0')),
        },
      }),
    },
    revokeRole: {
      targeted: true,
      call: async (_c, t) => {
        const user = await app.services.users
          .assign(rootScope, systemActor, userAt[t], { role: 'supervisor', areaCode: areaOf(t) })
          .catch(() => app.services.users.get(rootScope, userAt[t]))
        const assignment = user.assignments.find((a) => a.role === 'supervisor')
        return { method: 'DELETE', url: `/api/users/${userAt[t]}/assignments/${assignment?.id}` }
      },
    },
    revealUserMobile: {
      targeted: true,
      call: async (_c, t) => ({ method: 'POST', url: `/api/users/${userAt[t]}/reveal-mobile` }),
    },
    listUnits: { targeted: false, call: async () => ({ method: 'GET', url: '/api/units' }) },
    listAuditLog: { targeted: false, call: async () => ({ method: 'GET', url: '/api/audit?limit=500' }) },
    listApiKeys: { targeted: false, call: async () => ({ method: 'GET', url: '/api/api-keys' }) },
    createApiKey: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: '/api/api-keys',
        payload: { name: next('key'), scopes: ['open311'], areaCode: areaOf(t) },
      }),
    },
    revokeApiKey: {
      targeted: true,
      call: async (_c, t) => {
        const { apiKey } = await app.services.apiKeys.create(rootScope, systemActor, {
          name: next('victim'),
          scopes: ['open311'],
          areaCode: areaOf(t),
        })
        return { method: 'POST', url: `/api/api-keys/${apiKey.id}/revoke` }
      },
    },
    getApiKeySelf: { targeted: false, call: async () => ({ method: 'GET', url: '/api/api-keys/self' }) },
    getJob: {
      targeted: true,
      call: async (c, t) => {
        const owner = t === 'in' ? c.userId : userAt.out
        const id = await app.runner.enqueue('demo.load', {}, owner ? { createdBy: owner } : {})
        return { method: 'GET', url: `/api/jobs/${id}` }
      },
    },
  }
  const pendingPassword = new Map<string, string>()

  beforeAll(async () => {
    app = await createTestApp({ env: { ONEGRID_DEMO_PASSWORD: demoPassword } })
    const demo = await app.runner.runNow(await app.runner.enqueue('demo.load', {}))
    expect(demo.status).toBe('succeeded')
    const platform = await app.database.db
      .selectFrom('units')
      .select('id')
      .where('area_code', '=', inside)
      .where('kind', '=', 'platform')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow()
    for (const role of roles) {
      const name = `m_${role}`
      const user = await createUser(app, {
        username: name,
        role,
        ...(role === 'dept_handler' ? { unitId: platform.id } : { areaCode: inside }),
      })
      callers.push({
        name,
        role,
        token: await login(name, testPassword),
        userId: user.id,
        password: testPassword,
      })
    }
    callers.push({ name: 'anonymous', role: 'anonymous', token: null, userId: null, password: '' })
    const key = await app.services.apiKeys.create(rootScope, systemActor, {
      name: 'matrix-client',
      scopes: ['open311'],
      areaCode: inside,
    })
    callers.push({ name: 'api_key', role: 'api_key', token: key.secret, userId: null, password: '' })
    await createUser(app, { username: 'm_district_admin', role: 'admin', areaCode: '110120' })
    districtAdmin = {
      name: 'm_district_admin',
      role: 'admin',
      token: await login('m_district_admin', testPassword),
      userId: null,
      password: testPassword,
    }
    userAt.in = (
      await createUser(app, { username: 'target_in', role: 'grid_worker', areaCode: `${inside}002` })
    ).id
    userAt.out = (
      await createUser(app, { username: 'target_out', role: 'grid_worker', areaCode: `${outside}001` })
    ).id
  }, 300_000) // The whole demo district loads first: minutes on a busy machine.
  afterAll(async () => {
    await app.close()
  })

  it('has a fixture for every operation, and every operation declares its security and access rule', async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<string, { operationId: string; security?: unknown[]; 'x-access'?: string }>
      >
    }
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p))
    for (const op of operations) {
      expect(fixtures, `no fixture for ${op.operationId}`).toHaveProperty(op.operationId)
      expect(op.security, `${op.operationId} declares no security`).toBeDefined()
      expect(op['x-access'], `${op.operationId} declares no access rule`).toBeTruthy()
    }
    expect(Object.keys(fixtures).sort()).toEqual(operations.map((o) => o.operationId).sort())
  })

  // Well over a thousand requests against the whole demo district: minutes on a busy 2-core machine.
  it('lets each caller reach only what its role and jurisdiction allow, and never shows a foreign row', {
    timeout: 300_000,
  }, async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { operationId: string; 'x-access': string }>>
    }
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p))
    const failures: string[] = []
    const granted = new Map<string, number>()

    for (const op of operations) {
      const fixture = fixtures[op.operationId]
      if (!fixture || fixture.coveredElsewhere) continue
      const rule = op['x-access']
      for (const caller of callers) {
        for (const target of fixture.targeted ? (['in', 'out'] as const) : (['in'] as const)) {
          const call = await fixture.call(caller, target)
          const token = call.token !== undefined ? call.token : caller.token
          const headers: Record<string, string> = {}
          if (token)
            headers[caller.role === 'api_key' ? 'x-api-key' : 'authorization'] =
              caller.role === 'api_key' ? token : `Bearer ${token}`
          const res = await app.http.inject({
            method: call.method,
            url: call.url,
            headers,
            ...(call.payload !== undefined ? { payload: call.payload as object } : {}),
            ...(call.headers ? { headers: { ...headers, ...call.headers } } : {}),
          })
          const s = res.statusCode

          const isUser = caller.role !== 'anonymous' && caller.role !== 'api_key'
          const permission = rule.startsWith('permission:') ? rule.slice(11) : null
          const lacks =
            isUser && permission !== null && !(await hasPermission(caller.role as Role, permission))
          let expected: string
          if (rule === 'public') expected = '2xx'
          else if (rule.startsWith('apiKey')) expected = caller.role === 'api_key' ? '2xx' : '401'
          else if (!isUser) expected = '401'
          else if (lacks) expected = '403'
          else if (fixture.districtWide) expected = '403'
          else if (call.refused) expected = 'refused'
          else expected = target === 'in' ? '2xx' : 'refused'

          const ok =
            (expected === '2xx' && s >= 200 && s < 300) ||
            (expected === 'refused' && [400, 403, 404].includes(s)) ||
            String(s) === expected
          const label = `${op.operationId} as ${caller.name} (${target})`
          if (!ok) failures.push(`${label}: expected ${expected}, got ${s} ${res.body.slice(0, 160)}`)
          if (s >= 200 && s < 300) {
            granted.set(op.operationId, (granted.get(op.operationId) ?? 0) + 1)
            if (!fixture.showsForeignAreas && res.body.includes(outside))
              failures.push(`${label}: response shows a row of ${outside}`)
          }
          if (op.operationId === 'changePassword' && s === 200)
            caller.password = pendingPassword.get(caller.name) ?? caller.password
        }
      }
      if (fixture.districtWide) {
        const call = await fixture.call(districtAdmin, 'in')
        const res = await app.http.inject({
          method: call.method,
          url: call.url,
          headers: { authorization: `Bearer ${districtAdmin.token}`, ...call.headers },
          ...(call.payload !== undefined ? { payload: call.payload as object } : {}),
        })
        if (res.statusCode >= 200 && res.statusCode < 300)
          granted.set(op.operationId, (granted.get(op.operationId) ?? 0) + 1)
        else
          failures.push(
            `${op.operationId} as a district admin: got ${res.statusCode} ${res.body.slice(0, 200)}`,
          )
      }
    }
    expect(failures).toEqual([])
    for (const op of operations) {
      if (fixtures[op.operationId]?.coveredElsewhere) continue
      expect(granted.get(op.operationId) ?? 0, `nobody got a 2xx for ${op.operationId}`).toBeGreaterThan(0)
    }
  })
})

async function hasPermission(role: Role, permission: string): Promise<boolean> {
  const { permissionMatrix } = await import('@onegrid/core/auth/roles')
  return (permissionMatrix[role] as readonly string[]).includes(permission)
}
