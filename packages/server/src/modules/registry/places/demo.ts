import { mulberry32, type Random } from '@onegrid/core/random'
import { creditCheckChar } from '@onegrid/core/registry/credit-code'
import { maskStreamUrl } from '@onegrid/core/registry/places'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import { type Insertable, sql } from 'kysely'
import type { Clock } from '../../../platform/clock.ts'
import { maskPhone } from '../../../platform/crypto/mask.ts'
import type { PiiCipher } from '../../../platform/crypto/pii-cipher.ts'
import type { Db } from '../../../platform/db/database.ts'
import { givenChars, pick, roads, surnames } from '../../cases/demo-random.ts'
import { demoRegistryStreet } from '../demo.ts'
import { cameraStreamContext } from './cameras.ts'
import { organizationPiiContexts } from './organizations.ts'
import type {
  RegistryCamerasTable,
  RegistryComponentsTable,
  RegistryHousesTable,
  RegistryOrganizationsTable,
  RegistryTenanciesTable,
} from './tables.ts'

const seed = 20261128
const buildingsPerGrid = 2
const organizationsPerGrid = 3
const componentsPerGrid = 12
const camerasPerGrid = 2
/** 2 units × 6 floors × 2 rooms: a typical walk-up 住宅楼. */
const units = 2
const floors = 6
const roomsPerFloor = 2

/** Common components of a residential street and the department in charge (GB/T 47678.5 classes). */
const censusClasses = [
  ['01001', '区自来水公司'],
  ['01003', '区排水集团'],
  ['01005', '区供电公司'],
  ['01037', '区城市管理委员会'],
  ['02014', '区公安交通管理支队'],
  ['02017', '区交通委员会'],
  ['03001', '区城市管理委员会'],
  ['03005', '区城市管理委员会'],
  ['04002', '区园林绿化局'],
] as const

/** The street's trades: the credit code's registrar and kind, a name's ending, the industry, a typical staff. */
export const trades = [
  ['92', 'individual_business', '便利店', '零售业', 2],
  ['92', 'individual_business', '餐馆', '餐饮业', 6],
  ['92', 'individual_business', '理发店', '居民服务业', 3],
  ['91', 'enterprise', '物流有限公司', '道路运输业', 25],
  ['91', 'enterprise', '建材有限公司', '批发业', 12],
  ['91', 'enterprise', '汽车修理有限公司', '机动车维修', 8],
  ['52', 'social_organization', '社区养老服务中心', '社会工作', 15],
] as const

const creditCharset = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const name = (r: Random) =>
  `${pick(r, surnames)}${pick(r, givenChars)}${r() < 0.6 ? pick(r, givenChars) : ''}`
const mobile = (r: Random) =>
  `1${pick(r, ['3', '5', '7', '8'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`
function* chunks<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size)
}
const point = (p: { lng: number; lat: number }) => sql`ST_SetSRID(ST_MakePoint(${p.lng}, ${p.lat}), 4326)`

/**
 * The demo street's places and things: in every grid two residential
 * buildings with their houses (the registry's households moved in, the
 * non-local ones as tenants), a few shops and companies, the components a
 * census finds and the cameras on the corners. Deterministic; skipped when
 * buildings exist already.
 */
export async function loadDemoPlaces(deps: {
  db: Db
  clock: Clock
  pii: PiiCipher
  /** Class code → name (the catalog's directory of managed components). */
  componentClasses: ReadonlyMap<string, string>
}): Promise<{
  buildings: number
  houses: number
  tenancies: number
  organizations: number
  components: number
  cameras: number
}> {
  const { db, clock, pii, componentClasses } = deps
  const none = { buildings: 0, houses: 0, tenancies: 0, organizations: 0, components: 0, cameras: 0 }
  const existing = await db
    .selectFrom('registry_buildings')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirst()
  if ((existing?.n ?? 0) > 0) return none
  const r = mulberry32(seed)
  const now = clock.now()
  const today = shanghaiDate(now)
  const year = Number(today.slice(0, 4))
  const perGrid = buildingsPerGrid + organizationsPerGrid + componentsPerGrid + camerasPerGrid
  // Points spread inside each grid, the same on every start (PostGIS's seeded generator).
  const { rows: spots } = await sql<{ code: string; path: string; lng: number; lat: number }>`
    SELECT a.code, a.path::text AS path, ST_X(d.geom) AS lng, ST_Y(d.geom) AS lat
    FROM areas a, LATERAL ST_Dump(ST_GeneratePoints(a.geom, ${perGrid}, ${seed})) d
    WHERE a.level = 'grid' AND a.code LIKE ${`${demoRegistryStreet}%`} AND a.geom IS NOT NULL
    ORDER BY a.code, d.path`.execute(db)
  const grids = new Map<string, { path: string; points: Array<{ lng: number; lat: number }> }>()
  for (const s of spots) {
    const g = grids.get(s.code) ?? { path: s.path, points: [] }
    g.points.push({ lng: s.lng, lat: s.lat })
    grids.set(s.code, g)
  }
  const counts = { ...none }
  // The street's households and their adults, to move them in (one read each).
  const households = await db
    .selectFrom('registry_households')
    .select(['id', 'grid_code', 'non_local'])
    .where('grid_code', 'like', `${demoRegistryStreet}%`)
    .orderBy('id')
    .execute()
  const { rows: adultRows } = await sql<{ householdId: number; id: number }>`
    SELECT household_id AS "householdId", id FROM registry_persons
    WHERE grid_code LIKE ${`${demoRegistryStreet}%`} AND household_id IS NOT NULL
      AND birth_date <= CAST(${`${year - 18}-01-01`} AS date)
    ORDER BY household_id, id`.execute(db)
  const adults = new Map<number, number[]>()
  for (const a of adultRows) adults.set(a.householdId, [...(adults.get(a.householdId) ?? []), a.id])
  const moves: Array<{ household: number; house: number }> = []
  const tenancies: Insertable<RegistryTenanciesTable>[] = []
  const organizations: Insertable<RegistryOrganizationsTable>[] = []
  const components: Insertable<RegistryComponentsTable>[] = []
  const cameras: Insertable<RegistryCamerasTable>[] = []
  const numbers = new Map<string, number>()
  let serial = 0
  for (const [gridCode, grid] of grids) {
    const placed = { grid_code: gridCode, area_path: grid.path, created_at: now, updated_at: now }
    const points = [...grid.points]
    const next = () => points.shift() ?? grid.points[0] ?? { lng: 116.65, lat: 39.9 }
    const community = grid.path.split('.')[2] ?? gridCode.slice(0, 12)
    const road = pick(r, roads)
    const ours = households.filter((h) => h.grid_code === gridCode)
    const housesPerBuilding = units * floors * roomsPerFloor
    // Household i lives in house 5i (spread over both buildings); a non-local one rents it.
    const homeOf = (i: number) => (i * 5) % (buildingsPerGrid * housesPerBuilding)
    const rented = new Set(ours.flatMap((h, i) => (h.non_local ? [homeOf(i)] : [])))

    // Buildings, then their houses: two statements a grid.
    const plans = Array.from({ length: buildingsPerGrid }, () => {
      const n = (numbers.get(community) ?? 0) + 1
      numbers.set(community, n)
      return { n, address: `${road}${10 + Math.floor(r() * 180)}号院${n}号楼`, where: next() }
    })
    const buildings = await db
      .insertInto('registry_buildings')
      .values(
        plans.map((b) => ({
          ...placed,
          community_code: community,
          number: String(b.n).padStart(5, '0'),
          name: `${b.n}号楼`,
          address: b.address,
          floors_above: floors,
          floors_below: r() < 0.5 ? 1 : 0,
          use: 'residential',
          built_year: 1985 + Math.floor(r() * 35),
          location: point(b.where),
        })),
      )
      .returning('id')
      .execute()
    const houses = plans.flatMap((b, bi) => {
      const rows: Insertable<RegistryHousesTable>[] = []
      for (let u = 1; u <= units; u++)
        for (let f = 1; f <= floors; f++)
          for (let k = 1; k <= roomsPerFloor; k++) {
            const index = bi * housesPerBuilding + rows.length
            const roomNo = `${f}0${k}`
            rows.push({
              ...placed,
              building_id: buildings[bi]?.id ?? null,
              unit: String(u),
              floor: f,
              room_no: roomNo,
              address: `${b.address}${u}单元${roomNo}室`,
              area_m2: Math.round((55 + r() * 60) * 10) / 10,
              use: rented.has(index) ? 'rental' : r() < 0.08 ? 'vacant' : 'owner_occupied',
              rooms: rented.has(index) && r() < 0.2 ? 3 : null,
              owner_name: name(r),
              location: point(b.where),
            })
          }
      return rows
    })
    const houseIds = (await db.insertInto('registry_houses').values(houses).returning('id').execute()).map(
      (h) => h.id,
    )
    counts.buildings += buildings.length
    counts.houses += houseIds.length

    // The grid's households move in; a non-local household rents, its adults as tenants.
    for (const [i, h] of ours.entries()) {
      const houseId = houseIds[homeOf(i)]
      if (houseId === undefined) break
      moves.push({ household: h.id, house: houseId })
      if (!h.non_local) continue
      const start = `${year - 1}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-01`
      for (const [k, person] of (adults.get(h.id) ?? []).entries())
        tenancies.push({
          house_id: houseId,
          person_id: person,
          start_date: start,
          contract_no: k === 0 ? `ZL${year - 1}${String(houseId).padStart(6, '0')}` : null,
          registered: r() < 0.8,
          area_path: grid.path,
          created_at: now,
          updated_at: now,
        })
    }

    // Shops and companies along the grid's road.
    for (let o = 0; o < organizationsPerGrid; o++) {
      const [registrar, kind, suffix, industry, staff] = pick(r, trades)
      serial += 1
      let body = ''
      for (let c = 0; c < 8; c++) body += creditCharset[Math.floor(r() * creditCharset.length)]
      const first17 = `${registrar}110120${body}${String(serial % 10)}`
      const contact = name(r)
      const legalPhone = mobile(r)
      const safetyPhone = r() < 0.5 ? legalPhone : mobile(r)
      organizations.push({
        ...placed,
        credit_code: first17 + creditCheckChar(first17),
        name: `通州区${road.slice(0, 2)}${pick(r, givenChars)}${suffix}`,
        kind,
        status: r() < 0.92 ? 'operating' : 'suspended',
        industry,
        address: `${road}${200 + Math.floor(r() * 300)}号`,
        legal_representative: contact,
        legal_phone_cipher: pii.encrypt(legalPhone, organizationPiiContexts.legal),
        legal_phone_masked: maskPhone(legalPhone),
        employees: Math.max(1, Math.round(staff * (0.5 + r()))),
        safety_contact: r() < 0.5 ? contact : name(r),
        safety_phone_cipher: pii.encrypt(safetyPhone, organizationPiiContexts.safety),
        safety_phone_masked: maskPhone(safetyPhone),
        key_fire_unit: kind === 'enterprise' && r() < 0.4,
        location: point(next()),
      })
    }

    // The component census: mostly intact, some damaged or lost (what patrols find).
    for (let c = 0; c < componentsPerGrid; c++) {
      const [classCode, department] = pick(r, censusClasses)
      serial += 1
      const roll = r()
      const state = roll < 0.84 ? 'intact' : roll < 0.93 ? 'damaged' : roll < 0.97 ? 'lost' : 'abandoned'
      components.push({
        ...placed,
        code: `110120${classCode}${String(serial).padStart(6, '0')}`,
        scheme: 'gbt47678',
        class_code: classCode,
        name: componentClasses.get(classCode) ?? classCode,
        state,
        department,
        maintainer: `${department.replace(/^区/, '')}养护中心`,
        address: `${road}${1 + Math.floor(r() * 300)}号附近`,
        initial_date: `${year - 3}-06-30`,
        changed_date:
          state === 'intact' ? null : `${year}-${String(1 + Math.floor(r() * 9)).padStart(2, '0')}-15`,
        source: '部件普查',
        location: point(next()),
      })
    }

    // Cameras at the corners; their stream URLs carry a password, kept encrypted.
    for (let c = 0; c < camerasPerGrid; c++) {
      serial += 1
      const url = `rtsp://admin:${Math.floor(r() * 1e8).toString(36)}@10.${12 + (serial % 200)}.${Math.floor(r() * 250)}.${1 + Math.floor(r() * 250)}:554/Streaming/Channels/101`
      const roll = r()
      cameras.push({
        ...placed,
        name: `${road}与${pick(r, roads)}交叉口${c === 0 ? '球机' : '枪机'}`,
        national_code: `1101200000132${String(serial).padStart(7, '0')}`,
        kind: c === 0 ? 'dome' : 'bullet',
        status: roll < 0.88 ? 'online' : roll < 0.96 ? 'offline' : 'fault',
        stream_cipher: pii.encrypt(url, cameraStreamContext),
        stream_masked: maskStreamUrl(url),
        owner_unit: '区公安分局',
        location: point(next()),
      })
    }
  }

  // The rest in large statements.
  for (const chunk of chunks(moves, 1000))
    await sql`
      UPDATE registry_households h SET house_id = v.house
      FROM (VALUES ${sql.join(chunk.map((m) => sql`(CAST(${m.household} AS bigint), CAST(${m.house} AS bigint))`))}) AS v (id, house)
      WHERE h.id = v.id`.execute(db)
  for (const chunk of chunks(tenancies, 1000))
    await db.insertInto('registry_tenancies').values(chunk).execute()
  for (const chunk of chunks(organizations, 500))
    await db.insertInto('registry_organizations').values(chunk).execute()
  for (const chunk of chunks(components, 500))
    await db.insertInto('registry_components').values(chunk).execute()
  for (const chunk of chunks(cameras, 500)) await db.insertInto('registry_cameras').values(chunk).execute()
  counts.tenancies = tenancies.length
  counts.organizations = organizations.length
  counts.components = components.length
  counts.cameras = cameras.length

  // Each record's history starts with its registration, as the census entered it.
  for (const [kind, table] of [
    ['building', 'registry_buildings'],
    ['house', 'registry_houses'],
    ['organization', 'registry_organizations'],
    ['component', 'registry_components'],
    ['camera', 'registry_cameras'],
  ] as const)
    await sql`
      INSERT INTO registry_history (entity_type, entity_id, action, changes, reason, actor_name, at)
      SELECT ${kind}, t.id, 'create', '{}'::jsonb, '演示数据：网格底册录入', '系统', t.created_at
      FROM ${sql.table(table)} t WHERE t.grid_code LIKE ${`${demoRegistryStreet}%`}`.execute(db)
  // Every fifth demo case of the street happened at a house of its grid, so houses have cases too.
  await sql`
    INSERT INTO case_parties (case_id, entity_type, entity_id, role, added_at)
    SELECT c.id, 'house', h.id, 'location', c.reported_at
    FROM (SELECT id, grid_code, reported_at, row_number() OVER (PARTITION BY grid_code ORDER BY id) AS n
          FROM cases WHERE grid_code LIKE ${`${demoRegistryStreet}%`}) c
    JOIN (SELECT id, grid_code, row_number() OVER (PARTITION BY grid_code ORDER BY id) AS n,
            count(*) OVER (PARTITION BY grid_code) AS k
          FROM registry_houses WHERE grid_code LIKE ${`${demoRegistryStreet}%`}) h
      ON h.grid_code = c.grid_code AND h.n = (c.n * 11) % h.k + 1
    WHERE c.n % 5 = 0
    ON CONFLICT DO NOTHING`.execute(db)
  return counts
}
