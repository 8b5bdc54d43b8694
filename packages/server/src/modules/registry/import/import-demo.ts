import type { TRegistryImport } from '@onegrid/core/api/registry-import'
import { mulberry32 } from '@onegrid/core/random'
import { educationCodes, ethnicCodes, relationCodes } from '@onegrid/core/registry/codes'
import { creditCheckChar } from '@onegrid/core/registry/credit-code'
import { idCheckChar } from '@onegrid/core/registry/id-number'
import { houseUseLabels, organizationKindLabels } from '@onegrid/core/registry/places'
import { addDays, shanghaiDate } from '@onegrid/core/time/calendar'
import { sql } from 'kysely'
import type { Actor, UserPrincipal } from '../../../platform/auth/principal.ts'
import type { Clock } from '../../../platform/clock.ts'
import type { Db } from '../../../platform/db/database.ts'
import { givenChars, pick, roads, surnames } from '../../cases/demo-random.ts'
import { type DemoResident, demoHousehold, demoResident, type Member } from '../demo.ts'
import { trades } from '../places/demo.ts'
import type { RegistryImportService } from './import-service.ts'

/** The grid the demo's sheets describe: 紫境社区's first, apart from the communities the spot checks sample. */
export const demoImportGrid = '110120001003001'
/** Who uploads the demo's sheets: the administrator, whose import page lists them. */
const demoAdmin = 'admin'
const personSeed = 20261130
const organizationSeed = 20261131
const houseSeed = 20261201
/** About thirty residents, in households by 户号. */
const personsWanted = 30

const label = (table: readonly { code: string; zh: string }[], code: string | null) =>
  code === null ? '' : (table.find((e) => e.code === code)?.zh ?? code)
const csv = (rows: readonly (readonly (string | number)[])[]) =>
  // A BOM and CRLF lines, as Excel saves a CSV.
  Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`, 'utf8')

export type DemoSheetResident = DemoResident & {
  household: string
  relation: string
  age: number
  nonLocal: boolean
  address: string
}

/**
 * A community's register of one grid, as an office keeps it: households by 户号 with
 * their people drawn by the demo's own generator. ID numbers are those of the demo's
 * residents except their sequence, 998 or 999 (the demo's never reach them), so no one
 * here is recorded already; a non-local household is always among them (a tenant).
 */
export function demoPersonsSheet(
  today: string,
  gridCode: string,
): { bytes: Buffer; residents: DemoSheetResident[] } {
  const r = mulberry32(personSeed)
  const households: ReturnType<typeof demoHousehold>[] = []
  let count = 0
  while (count < personsWanted) {
    const h = demoHousehold(r)
    households.push(h)
    count += h.people.length
  }
  const last = households.at(-1)
  if (last && !households.some((h) => h.nonLocal)) last.nonLocal = true
  const usedIds = new Set<string>()
  const taken = new Set<string>()
  const residents: DemoSheetResident[] = []
  for (const [i, h] of households.entries()) {
    const surname = pick(r, surnames)
    for (const member of h.people) {
      const person = demoResident(r, { member, surname, nonLocal: h.nonLocal, today, usedIds })
      // The sequence the demo never gives (998 a woman's, 999 a man's); another day when taken.
      let birth = person.birthDate
      let first17 = ''
      do {
        first17 = `${person.region}${birth.replaceAll('-', '')}${member.sex === 'male' ? '999' : '998'}`
        if (taken.has(first17)) birth = addDays(birth, 1)
      } while (taken.has(first17))
      taken.add(first17)
      residents.push({
        ...person,
        birthDate: birth,
        idNumber: `${first17}${idCheckChar(first17)}`,
        household: `ZJ${String(i + 1).padStart(3, '0')}`,
        relation: childRelation(member),
        age: member.age,
        nonLocal: h.nonLocal,
        address: h.address,
      })
    }
  }
  const rows = [
    [
      '户号',
      '姓名',
      '身份证号',
      '性别',
      '出生日期',
      '民族',
      '学历',
      '联系电话',
      '现住址',
      '流动人口',
      '网格编码',
      '与户主关系',
      '标签',
    ],
    ...residents.map((p) => [
      p.household,
      p.name,
      p.idNumber,
      p.sex === 'male' ? '男' : '女',
      p.birthDate,
      label(ethnicCodes, p.ethnicity),
      label(educationCodes, p.education),
      p.phone ?? '',
      p.address,
      p.nonLocal ? '是' : '否',
      gridCode,
      label(relationCodes, p.relation),
      p.age >= 80 ? '高龄' : p.nonLocal && p.relation === '02' ? '租户' : '',
    ]),
  ]
  return { bytes: csv(rows), residents }
}

/** A child is 子 or 女 by sex (the demo's households draw the word apart from the sex). */
function childRelation(m: Member): string {
  if (m.relation === '20' || m.relation === '30') return m.sex === 'male' ? '20' : '30'
  return m.relation
}

/**
 * The grid's shops and companies as a market-regulation list has them, two of them
 * wrong: a mistyped check character of a 统一社会信用代码 (row 4) and a missing address
 * (row 7). Codes 91/92/52 + 110120 + DHDR and a serial: no demo organization has them.
 */
export function demoOrganizationsSheet(gridCode: string): Buffer {
  const r = mulberry32(organizationSeed)
  const road = pick(r, roads)
  const rows: (string | number)[][] = [
    [
      '统一社会信用代码',
      '单位名称',
      '单位类型',
      '所属行业',
      '单位地址',
      '法定代表人',
      '法定代表人电话',
      '从业人员数',
      '消防重点单位',
      '网格编码',
    ],
  ]
  for (let i = 1; i <= 8; i++) {
    const [registrar, kind, suffix, industry, staff] = pick(r, trades)
    const first17 = `${registrar}110120DHDR${String(i).padStart(4, '0')}${i % 10}`
    const check = creditCheckChar(first17)
    // Row 4 (the third organization): the last character mistyped.
    const code = i === 3 ? `${first17}${check === '0' ? '1' : '0'}` : `${first17}${check}`
    const person = `${pick(r, surnames)}${pick(r, givenChars)}${r() < 0.6 ? pick(r, givenChars) : ''}`
    const phone = `1${pick(r, ['3', '5', '7', '8'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`
    rows.push([
      code,
      `云溪区${road.slice(0, 2)}${pick(r, givenChars)}${suffix}`,
      organizationKindLabels[kind].zh,
      industry,
      // Row 7 (the sixth): no address.
      i === 6 ? '' : `${road}${100 + Math.floor(r() * 300)}号`,
      person,
      phone,
      Math.max(1, Math.round(staff * (0.5 + r()))),
      kind === 'enterprise' && r() < 0.4 ? '是' : '否',
      gridCode,
    ])
  }
  return csv(rows)
}

/**
 * The rooms of a third unit the census missed in a building of the grid, named by its
 * 楼栋编码: twelve rooms on six floors, most lived in by their owners, one empty, two
 * let — one of them to a resident of the persons sheet, under a registered contract.
 */
export function demoHousesSheet(today: string, buildingCode: string, tenant: { idNumber: string }): Buffer {
  const r = mulberry32(houseSeed)
  const start = `${addDays(`${today.slice(0, 7)}-01`, -92).slice(0, 7)}-01`
  const end = addDays(`${Number(start.slice(0, 4)) + 1}${start.slice(4)}`, -1)
  const rows: (string | number)[][] = [
    [
      '楼栋编码',
      '单元',
      '楼层',
      '房号',
      '建筑面积',
      '房屋用途',
      '出租间数',
      '产权人',
      '租户身份证号',
      '起租日期',
      '到期日期',
      '租赁合同编号',
      '登记备案',
    ],
  ]
  for (let floor = 1; floor <= 6; floor++)
    for (let k = 1; k <= 2; k++) {
      const room = `${floor}0${k}`
      const use = room === '302' || room === '501' ? 'rental' : room === '602' ? 'vacant' : 'owner_occupied'
      const let_ = room === '501'
      rows.push([
        buildingCode,
        '3',
        floor,
        room,
        Math.round((55 + r() * 60) * 10) / 10,
        houseUseLabels[use].zh,
        use === 'rental' ? (r() < 0.5 ? 2 : 1) : '',
        `${pick(r, surnames)}${pick(r, givenChars)}${r() < 0.6 ? pick(r, givenChars) : ''}`,
        let_ ? tenant.idNumber : '',
        let_ ? start : '',
        let_ ? end : '',
        let_ ? `ZL${start.slice(0, 4)}${buildingCode.slice(-5)}${room}` : '',
        let_ ? '是' : '',
      ])
    }
  return csv(rows)
}

export type DemoImports = {
  imports: number
  persons: number
  households: number
  houses: number
  organizations: number
}

/**
 * The demo's imports, through the import service as the demo administrator would
 * make them on the import page, each job run here to its end: a register of one
 * grid's residents (committed: they exist, their history says `import`); the
 * rooms of a building's third unit, one let to one of those residents
 * (committed); the grid's shops and companies, left checked with two rows wrong
 * — an import to continue and an error sheet to download. Each is skipped when the
 * administrator has an import of its file already.
 */
export async function loadDemoImports(deps: {
  db: Db
  clock: Clock
  imports: RegistryImportService
  /** Runs an import's job to its end, as the job runner would. */
  runJob: (jobId: number) => Promise<void>
  principal: (who: string) => Promise<UserPrincipal | null>
}): Promise<DemoImports> {
  const { db, imports } = deps
  const counts: DemoImports = { imports: 0, persons: 0, households: 0, houses: 0, organizations: 0 }
  const admin = await deps.principal(demoAdmin)
  const grid = await db
    .selectFrom('areas')
    .select([
      'code',
      'name',
      sql<string>`(SELECT c.name FROM areas c WHERE c.code = left(areas.code, 12))`.as('community'),
    ])
    .where('code', '=', demoImportGrid)
    .executeTakeFirst()
  if (!admin || !grid) return counts
  const actor: Actor = {
    userId: admin.userId,
    name: admin.username,
    ip: null,
    userAgent: null,
    requestId: null,
  }
  const already = new Set(
    (
      await db
        .selectFrom('registry_imports')
        .select('file_name')
        .where('created_by', '=', admin.userId)
        .execute()
    ).map((i) => i.file_name),
  )
  const settle = async (imp: TRegistryImport): Promise<TRegistryImport> => {
    if (imp.jobId !== null) await deps.runJob(imp.jobId)
    return imports.get(admin, imp.id, 'zh')
  }
  /** Upload, check with the suggested columns, and (unless left to continue) import all rows. */
  const run = async (kind: TRegistryImport['kind'], fileName: string, bytes: Buffer, commit: boolean) => {
    if (already.has(fileName)) return null
    const uploaded = await imports.upload(admin, kind, fileName, bytes, 'zh')
    const checked = await settle(
      await imports.dryRun(admin, uploaded.id, { mapping: uploaded.suggestedMapping }, 'zh'),
    )
    if (checked.status !== 'validated')
      throw new Error(`demo import ${fileName}: ${checked.failure ?? checked.status}`)
    counts.imports += 1
    if (!commit) return checked
    const done = await settle(await imports.commit(admin, actor, checked.id, { mode: 'all' }, 'zh'))
    if (done.status !== 'committed')
      throw new Error(`demo import ${fileName}: ${done.failure ?? done.status}`)
    return done
  }

  const today = shanghaiDate(deps.clock.now())
  const persons = demoPersonsSheet(today, grid.code)
  const people = await run('persons', `${grid.name}人口底册.csv`, persons.bytes, true)
  counts.persons = people?.committedRows ?? 0
  counts.households = people?.households ?? 0

  // The first building of the grid; its third unit's rooms, one let to an adult of a non-local household.
  const building = await db
    .selectFrom('registry_buildings')
    .select(sql<string>`community_code || number`.as('code'))
    .select('name')
    .where('grid_code', '=', grid.code)
    .orderBy('number')
    .executeTakeFirst()
  const tenant = persons.residents.find((p) => p.nonLocal && p.age >= 18)
  if (building && tenant) {
    const houses = await run(
      'houses',
      `${grid.community}${building.name ?? building.code}3单元房屋.csv`,
      demoHousesSheet(today, building.code, tenant),
      true,
    )
    counts.houses = houses?.committedRows ?? 0
  }
  const organizations = await run(
    'organizations',
    `${grid.name}单位名录.csv`,
    demoOrganizationsSheet(grid.code),
    false,
  )
  counts.organizations = organizations?.validRows ?? 0
  return counts
}
