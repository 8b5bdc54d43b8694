import { creditCheckChar } from '@onegrid/core/registry/credit-code'
import { sql } from 'kysely'
import type { ModuleFixtures, Target } from '../../../../test/access-matrix.ts'
import { createUser, systemActor } from '../../../../test/identity-fixtures.ts'
import type { UserPrincipal } from '../../../platform/auth/principal.ts'

/** The authorization matrix's requests for the registry's places and things. */
export const placeAccessFixtures: ModuleFixtures = ({ app, areaOf, next }) => {
  let admin: UserPrincipal | undefined
  let serial = 0
  const districtAdmin = async (): Promise<UserPrincipal> => {
    if (admin) return admin
    const user = await createUser(app(), { username: 'm_places_admin', role: 'admin', areaCode: '110120' })
    admin = await app().services.sessions.principalFor(user.id, user.username, 'matrix', false)
    return admin
  }
  /** A grid under the target area and a point inside it. */
  const placeIn = async (t: Target) => {
    const { rows } = await sql<{ code: string; lng: number; lat: number }>`
      SELECT code, ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat
      FROM areas WHERE level = 'grid' AND code LIKE ${`${areaOf(t)}%`} AND geom IS NOT NULL
      ORDER BY code LIMIT 1`.execute(app().database.db)
    const row = rows[0]
    if (!row) throw new Error(`no grid under ${areaOf(t)}`)
    return { gridCode: row.code, location: { lng: row.lng, lat: row.lat } }
  }
  const creditCode = () => {
    serial += 1
    const first17 = `91110120MA${String(serial).padStart(7, '0')}`
    return first17 + creditCheckChar(first17)
  }
  const componentCode = () => {
    serial += 1
    // 绿地 (04013) from 900001 on: the demo's census uses other classes and low numbers.
    return `11012004013${String(900_000 + serial).padStart(6, '0')}`
  }
  const buildingNumber = () => {
    serial += 1
    return String(10_000 + serial).slice(-5)
  }
  const roomNo = () => {
    serial += 1
    return String(serial)
  }
  const s = () => app().services.places
  const building = async (t: Target) =>
    s().buildings.create(await districtAdmin(), systemActor, {
      number: buildingNumber(),
      address: next('矩阵路楼栋'),
      floorsAbove: 6,
      use: 'residential',
      ...(await placeIn(t)),
    })
  const house = async (t: Target) =>
    s().houses.create(await districtAdmin(), systemActor, {
      roomNo: roomNo(),
      address: next('矩阵路房屋'),
      use: 'rental',
      ...(await placeIn(t)),
    })
  const organization = async (t: Target) =>
    s().organizations.create(await districtAdmin(), systemActor, {
      creditCode: creditCode(),
      name: next('矩阵单位'),
      kind: 'enterprise',
      address: next('矩阵路单位'),
      safetyContactPhone: '13700001111',
      ...(await placeIn(t)),
    })
  const component = async (t: Target) =>
    s().components.create(await districtAdmin(), systemActor, {
      code: componentCode(),
      state: 'intact',
      department: '区城市管理委员会',
      ...(await placeIn(t)),
    })
  const camera = async (t: Target) =>
    s().cameras.create(await districtAdmin(), systemActor, {
      name: next('矩阵摄像机'),
      kind: 'bullet',
      streamUrl: 'rtsp://admin:secret@10.0.0.5/live',
      ...(await placeIn(t)),
    })
  const tenant = async (t: Target) =>
    app().services.registry.persons.create(await districtAdmin(), systemActor, {
      name: next('矩阵租客'),
      documentKind: 'id_card',
      gridCode: (await placeIn(t)).gridCode,
    })

  type Made = { id: number; version: number }
  const kinds: Array<{
    path: string
    one: string
    plural: string
    make: (t: Target) => Promise<Made>
    create: (t: Target) => Promise<object>
  }> = [
    {
      path: 'buildings',
      one: 'Building',
      plural: 'Buildings',
      make: building,
      create: async (t) => ({
        number: buildingNumber(),
        address: next('新楼栋'),
        floorsAbove: 5,
        use: 'mixed',
        ...(await placeIn(t)),
      }),
    },
    {
      path: 'houses',
      one: 'House',
      plural: 'Houses',
      make: house,
      create: async (t) => ({ roomNo: '101', address: next('新房屋'), use: 'vacant', ...(await placeIn(t)) }),
    },
    {
      path: 'organizations',
      one: 'Organization',
      plural: 'Organizations',
      make: organization,
      create: async (t) => ({
        creditCode: creditCode(),
        name: next('新单位'),
        kind: 'individual_business',
        address: next('新单位地址'),
        ...(await placeIn(t)),
      }),
    },
    {
      path: 'components',
      one: 'Component',
      plural: 'Components',
      make: component,
      create: async (t) => ({
        code: componentCode(),
        state: 'damaged',
        department: '区城市管理委员会',
        ...(await placeIn(t)),
      }),
    },
    {
      path: 'cameras',
      one: 'Camera',
      plural: 'Cameras',
      make: camera,
      create: async (t) => ({ name: next('新摄像机'), kind: 'dome', ...(await placeIn(t)) }),
    },
  ]

  const fixtures: ReturnType<ModuleFixtures> = {}
  for (const k of kinds) {
    fixtures[`search${k.plural}`] = {
      targeted: false,
      call: async () => ({ method: 'GET', url: `/api/registry/${k.path}?pageSize=200` }),
    }
    fixtures[`export${k.plural}`] = {
      targeted: false,
      call: async () => ({ method: 'GET', url: `/api/registry/${k.path}/export` }),
    }
    fixtures[`create${k.one}`] = {
      targeted: true,
      call: async (_c, t) => ({ method: 'POST', url: `/api/registry/${k.path}`, payload: await k.create(t) }),
    }
    fixtures[`get${k.one}`] = {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/registry/${k.path}/${(await k.make(t)).id}` }),
    }
    fixtures[`update${k.one}`] = {
      targeted: true,
      call: async (_c, t) => {
        const made = await k.make(t)
        return {
          method: 'PATCH',
          url: `/api/registry/${k.path}/${made.id}`,
          payload: { tags: ['核实'], version: made.version },
        }
      },
    }
  }
  fixtures.addTenancy = {
    targeted: true,
    call: async (_c, t) => ({
      method: 'POST',
      url: `/api/registry/houses/${(await house(t)).id}/tenancies`,
      payload: { personId: (await tenant(t)).id, startDate: '2026-01-01' },
    }),
  }
  fixtures.updateTenancy = {
    targeted: true,
    call: async (_c, t) => {
      const h = await house(t)
      const tenancy = await s().tenancies.add(await districtAdmin(), systemActor, h.id, {
        personId: (await tenant(t)).id,
        startDate: '2026-01-01',
        registered: false,
      })
      return {
        method: 'PATCH',
        url: `/api/registry/houses/${h.id}/tenancies/${tenancy.id}`,
        payload: { endDate: '2026-12-31', version: tenancy.version },
      }
    },
  }
  fixtures.listPlacesOnMap = {
    targeted: false,
    call: async () => ({ method: 'GET', url: '/api/registry/places/map' }),
  }
  fixtures.revealPlaceField = {
    targeted: true,
    call: async (_c, t) => ({
      method: 'POST',
      url: `/api/registry/places/organization/${(await organization(t)).id}/reveal`,
      payload: { field: 'safetyContactPhone', reason: '安全检查联系' },
    }),
  }
  return fixtures
}
