import type { TPerson } from '@onegrid/core/api/registry'
import { sql } from 'kysely'
import type { ModuleFixtures, Target } from '../../../test/access-matrix.ts'
import { createUser, systemActor } from '../../../test/identity-fixtures.ts'
import type { UserPrincipal } from '../../platform/auth/principal.ts'

/** The authorization matrix's requests for the registry. */
export const registryAccessFixtures: ModuleFixtures = ({ app, areaOf, next }) => {
  let admin: UserPrincipal | undefined
  /** A district-wide administrator makes the records the callers read and change. */
  const districtAdmin = async (): Promise<UserPrincipal> => {
    if (admin) return admin
    const user = await createUser(app(), { username: 'm_registry_admin', role: 'admin', areaCode: '110120' })
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
  const personAt = async (t: Target, group = false): Promise<TPerson> => {
    const p = await districtAdmin()
    const person = await app().services.registry.persons.create(p, systemActor, {
      name: next('矩阵人员'),
      documentKind: 'id_card',
      phone: '13800001111',
      gridCode: await gridIn(t),
    })
    if (!group) return person
    return app().services.registry.groups.add(p, systemActor, person.id, {
      group: 'empty_nest_elderly',
      fields: { livingAlone: true },
      riskLevel: 'green',
      helperIds: [],
    })
  }
  let operator: UserPrincipal | undefined
  const caseAt = async (t: Target): Promise<number> => {
    if (!operator) {
      const user = await createUser(app(), {
        username: 'm_registry_operator',
        role: 'operator',
        areaCode: '110120',
      })
      operator = await app().services.sessions.principalFor(user.id, user.username, 'matrix', false)
    }
    const made = await app().services.cases.report.report(
      operator,
      systemActor,
      {
        itemCode: 'ZZ01001',
        channel: 'hotline',
        description: '当事人关联测试',
        gridCode: await gridIn(t),
        urgency: 'normal',
        fields: {},
        attachmentIds: [],
        selfHandle: false,
        handlingFields: {},
      },
      null,
    )
    return made.case.id
  }
  const membershipVersion = (p: TPerson) =>
    p.memberships.find((m) => m.group === 'empty_nest_elderly')?.version ?? 1

  return {
    searchPersons: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/registry/persons?pageSize=200' }),
    },
    createPerson: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: '/api/registry/persons',
        payload: { name: next('新登记'), phone: '13900002222', gridCode: await gridIn(t) },
      }),
    },
    getPerson: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/registry/persons/${(await personAt(t)).id}` }),
    },
    updatePerson: {
      targeted: true,
      call: async (_c, t) => {
        const p = await personAt(t)
        return {
          method: 'PATCH',
          url: `/api/registry/persons/${p.id}`,
          payload: { tags: ['走访核实'], version: p.version },
        }
      },
    },
    revealPersonField: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: `/api/registry/persons/${(await personAt(t)).id}/reveal`,
        payload: { field: 'phone', reason: '电话回访' },
      }),
    },
    addSpecialGroup: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: `/api/registry/persons/${(await personAt(t)).id}/groups`,
        payload: { group: 'empty_nest_elderly', fields: { livingAlone: true } },
      }),
    },
    updateSpecialGroup: {
      targeted: true,
      call: async (_c, t) => {
        const p = await personAt(t, true)
        return {
          method: 'PATCH',
          url: `/api/registry/persons/${p.id}/groups/empty_nest_elderly`,
          payload: { visitEveryDays: 10, version: membershipVersion(p) },
        }
      },
    },
    setRiskLevel: {
      targeted: true,
      call: async (_c, t) => {
        const p = await personAt(t, true)
        return {
          method: 'PUT',
          url: `/api/registry/persons/${p.id}/groups/empty_nest_elderly/risk`,
          payload: { riskLevel: 'yellow', reason: '独居且行动不便', version: membershipVersion(p) },
        }
      },
    },
    listRegistryHelpers: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/registry/helpers' }),
    },
    listSpecialGroupMembers: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/registry/special-groups?pageSize=200' }),
    },
    createHousehold: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: '/api/registry/households',
        payload: { gridCode: await gridIn(t), address: '矩阵路1号' },
      }),
    },
    updateHousehold: {
      targeted: true,
      call: async (_c, t) => {
        const h = await app().services.registry.households.create(await districtAdmin(), systemActor, {
          kind: 'family',
          gridCode: await gridIn(t),
          nonLocal: false,
          members: [],
        })
        return {
          method: 'PATCH',
          url: `/api/registry/households/${h.id}`,
          payload: { note: '矩阵更正', version: h.version },
        }
      },
    },
    getHousehold: {
      targeted: true,
      call: async (_c, t) => {
        const h = await app().services.registry.households.create(await districtAdmin(), systemActor, {
          kind: 'family',
          gridCode: await gridIn(t),
          nonLocal: false,
          members: [],
        })
        return { method: 'GET', url: `/api/registry/households/${h.id}` }
      },
    },
    linkCaseParty: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: `/api/cases/${await caseAt(t)}/parties`,
        payload: { entityType: 'person', entityId: (await personAt(t)).id, role: 'involved' },
      }),
    },
    listCaseParties: {
      targeted: true,
      call: async (c, t) => ({
        method: 'GET',
        url: `/api/cases/${await caseAt(t)}/parties`,
        // A department sees a case once it is dispatched to it.
        refused: c.role === 'dept_handler',
      }),
    },
    exportRegistry: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/registry/persons/export' }),
    },
    getRegistrySummary: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/registry/summary' }),
    },
  }
}
