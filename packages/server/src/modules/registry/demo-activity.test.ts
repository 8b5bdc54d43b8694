import type { TBuilding, THouse } from '@onegrid/core/api/places'
import type { TPersonList } from '@onegrid/core/api/registry'
import type { TRegistryImport, TRegistryImportList } from '@onegrid/core/api/registry-import'
import type { TSpotCheck, TSpotCheckList } from '@onegrid/core/api/spot-checks'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import type { Config } from '../../platform/config.ts'
import { loadDemoGridStaff } from '../grid-staff/demo.ts'
import { GridStaffQueries } from '../grid-staff/queries.ts'
import { GridStaffStore } from '../grid-staff/store.ts'
import { IdentityQueries } from '../identity/queries.ts'
import {
  demoHousesSheet,
  demoImportGrid,
  demoOrganizationsSheet,
  demoPersonsSheet,
} from './import/import-demo.ts'
import { demoSpotChecks } from './spot-check-demo.ts'

const password = 'Demo#2026grid'

describe('the demo street’s spot checks and imports', () => {
  let app: App & { config: Config }
  // A Tuesday afternoon late in November: last month is October.
  const clock = new ManualClock('2026-11-24T15:20:00+08:00')
  const today = shanghaiDate(clock.now())
  const tokens: Record<string, string> = {}

  const step = async (name: string) => {
    const found = app.demoSteps.find((s) => s.name === name)
    if (!found) throw new Error(`no demo step ${name}`)
    await found.run()
  }
  const get = async <T>(who: string, url: string): Promise<T> => {
    const res = await app.http.inject({ method: 'GET', url, headers: bearer(tokens[who] ?? '') })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as T
  }
  /** What the seeding decided, apart from row ids: who was drawn, what was found, by whom, when. */
  const snapshot = async () =>
    (
      await sql<Record<string, unknown>>`
        SELECT sc.name, sc.area_code, sc.status, sc.created_at, sc.closed_at, i.person_id, i.grid_code,
          i.assignee_id, i.result, i.method_used, i.fields_wrong, i.note, i.checked_by, i.checked_at
        FROM registry_spot_checks sc JOIN registry_spot_check_items i ON i.spot_check_id = sc.id
        ORDER BY sc.area_code, i.person_id`.execute(app.database.db)
    ).rows

  beforeAll(async () => {
    app = await createTestApp({ clock, env: { ONEGRID_DEMO_PASSWORD: password } })
    const db = app.database.db
    await step('areas')
    await step('identity')
    // The demo street's staff only (the whole district's are the same, in more streets).
    await loadDemoGridStaff({
      areas: app.services.areas,
      users: app.services.users,
      queries: new GridStaffQueries(db, new IdentityQueries(db)),
      store: new GridStaffStore(db),
      clock,
      password,
      streets: 1,
    })
    await step('registry')
    await step('places')
    const started = performance.now()
    await step('spot-checks')
    await step('imports')
    console.info(`demo spot checks and imports: ${Math.round(performance.now() - started)} ms`)
    for (const who of ['admin', 'wanggeyuan', 'wanggezhang']) tokens[who] = await tokenFor(app, who, password)
  }, 300_000)
  afterAll(async () => {
    await app?.close()
  })

  it('has last month’s spot check closed by the administrator who drew it, every item recorded, with its accuracy', async () => {
    const list = await get<TSpotCheckList>('admin', '/api/registry/spot-checks')
    expect(list.total).toBe(2)
    const summary = list.items.find((c) => c.status === 'closed')
    if (!summary) throw new Error('no closed spot check')
    const check = await get<TSpotCheck>('admin', `/api/registry/spot-checks/${summary.id}?pageSize=200`)
    expect(check).toMatchObject({
      name: '和湖社区10月人口信息抽查',
      areaCode: demoSpotChecks.closed.community,
      status: 'closed',
      createdBy: '系统管理员',
      closedBy: '系统管理员',
      itemCount: 3 * demoSpotChecks.closed.samplePerGrid,
      checkedCount: 3 * demoSpotChecks.closed.samplePerGrid,
    })
    expect(shanghaiDate(new Date(check.createdAt))).toBe('2026-10-10')
    expect(shanghaiDate(new Date(check.closedAt ?? ''))).toBe('2026-10-21')
    const { overall } = check
    expect(overall.corrected).toBeGreaterThan(0)
    expect(overall.wrong).toBeGreaterThan(0)
    expect(overall.unreachable).toBeGreaterThan(0)
    expect(overall.correct).toBeGreaterThan(overall.items / 2)
    expect(overall.accuracyPercent).toBe(
      Math.floor((2 * overall.correct * 10_000 + overall.verified) / (2 * overall.verified)) / 100,
    )
    expect(overall.accuracyPercent).toBeLessThan(100)
    // Per grid and per grid worker, as the page shows it.
    expect(check.byGrid).toHaveLength(3)
    expect(check.byWorker.length).toBeGreaterThan(1)
    for (const item of check.items) {
      expect(item.result, String(item.id)).not.toBeNull()
      const at = item.checkedAt ?? ''
      expect(at > check.createdAt && at < (check.closedAt ?? '')).toBe(true)
      // Recorded by the grid worker it was assigned to.
      expect(item.checkedBy).toBe(item.assignee?.name ?? '系统管理员')
      if (item.result === 'corrected' || item.result === 'wrong') {
        expect(item.fieldsWrong.length).toBeGreaterThan(0)
        expect(item.note).toBeTruthy()
      } else expect(item.fieldsWrong).toEqual([])
      expect(item.mayRecord).toBe(false)
    }
    const audit = await app.database.db
      .selectFrom('audit_log')
      .select(['action', 'at'])
      .where('entity_type', '=', 'spot_check')
      .where('entity_id', '=', String(check.id))
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'spotcheck.create',
      ...check.items.map(() => 'spotcheck.result'),
      'spotcheck.close',
    ])
    expect(audit.every((a) => shanghaiDate(a.at).startsWith('2026-10'))).toBe(true)
  })

  it('has this month’s spot check of the demo grid worker’s community half recorded, some of theirs waiting', async () => {
    const list = await get<TSpotCheckList>('admin', '/api/registry/spot-checks?status=open')
    expect(list.items).toHaveLength(1)
    const id = list.items[0]?.id ?? 0
    const check = await get<TSpotCheck>('admin', `/api/registry/spot-checks/${id}?pageSize=200`)
    const items = 3 * demoSpotChecks.open.samplePerGrid
    expect(check).toMatchObject({
      name: '湖滨社区11月人口信息抽查',
      areaCode: demoSpotChecks.open.community,
      status: 'open',
      dueOn: '2026-11-30',
      itemCount: items,
      checkedCount: items / 2,
      mayClose: true,
    })
    expect(shanghaiDate(new Date(check.createdAt))).toBe('2026-11-01')
    for (const item of check.items.filter((i) => i.checkedAt !== null)) {
      expect(item.checkedAt && item.checkedAt > check.createdAt).toBe(true)
      expect(new Date(item.checkedAt ?? '').getTime()).toBeLessThan(clock.now().getTime())
    }
    expect(check.overall.accuracyPercent).not.toBeNull()

    // The demo grid worker sees it (their grid's items), one of theirs done and the rest theirs to do.
    const mine = await get<TSpotCheck>('wanggeyuan', `/api/registry/spot-checks/${id}?mine=true`)
    expect(mine.itemsTotal).toBeGreaterThanOrEqual(2)
    expect(mine.items.filter((i) => i.result !== null)).toHaveLength(1)
    const pending = await get<TSpotCheck>(
      'wanggeyuan',
      `/api/registry/spot-checks/${id}?mine=true&pending=true`,
    )
    expect(pending.itemsTotal).toBe(mine.itemsTotal - 1)
    expect(pending.items.every((i) => i.mayRecord && i.assignee?.name === '吴网格员')).toBe(true)
    const theirs = await get<TSpotCheckList>('wanggeyuan', '/api/registry/spot-checks')
    expect(theirs.items.map((c) => c.id)).toEqual([id])
    const leader = await get<TSpotCheck>('wanggezhang', `/api/registry/spot-checks/${id}`)
    expect(leader.items.every((i) => i.gridCode === '110120001001001')).toBe(true)
  })

  it('draws and records the same spot checks from the same district', async () => {
    const first = await snapshot()
    await app.database.db.deleteFrom('registry_spot_check_items').execute()
    await app.database.db.deleteFrom('registry_spot_checks').execute()
    await step('spot-checks')
    expect(await snapshot()).toEqual(first)
    // A second load adds nothing.
    await step('spot-checks')
    expect(await snapshot()).toEqual(first)
  })

  it('lists the administrator’s imports: residents and rooms imported, the organizations checked with two rows wrong', async () => {
    const list = await get<TRegistryImportList>('admin', '/api/registry/imports')
    const sheet = demoPersonsSheet(today, demoImportGrid)
    const households = new Set(sheet.residents.map((p) => p.household)).size
    expect(sheet.residents.length).toBeGreaterThanOrEqual(30)
    expect(list.items.map((i) => [i.kind, i.fileName, i.status])).toEqual([
      ['organizations', '紫境社区第一网格单位名录.csv', 'validated'],
      ['houses', '紫境社区1号楼3单元房屋.csv', 'committed'],
      ['persons', '紫境社区第一网格人口底册.csv', 'committed'],
    ])
    const [organizations, houses, persons] = list.items
    expect(persons).toMatchObject({
      totalRows: sheet.residents.length,
      invalidRows: 0,
      committedRows: sheet.residents.length,
      households,
    })
    expect(houses).toMatchObject({ totalRows: 12, invalidRows: 0, committedRows: 12 })
    expect(organizations).toMatchObject({ totalRows: 8, validRows: 6, invalidRows: 2, committedRows: null })
    expect(organizations?.errorReportUrl).toMatch(/errors\.xlsx$/)
    const detail = await get<TRegistryImport>('admin', `/api/registry/imports/${organizations?.id}`)
    expect(detail.errors.map((e) => [e.row, e.field])).toEqual([
      [4, 'creditCode'],
      [7, 'address'],
    ])
    expect(detail.errors[0]?.message).toContain('校验位')
    const report = await app.http.inject({
      method: 'GET',
      url: organizations?.errorReportUrl ?? '',
      headers: bearer(tokens.admin ?? ''),
    })
    expect(report.statusCode).toBe(200)
    // Loading again adds nothing.
    await step('imports')
    expect((await get<TRegistryImportList>('admin', '/api/registry/imports')).total).toBe(3)
  })

  it('makes the imported residents registry persons in their households, one of them a tenant of an imported room', async () => {
    const { residents } = demoPersonsSheet(today, demoImportGrid)
    const head = residents[0]
    if (!head) throw new Error('no residents')
    const found = await get<TPersonList>('admin', `/api/registry/persons?documentNumber=${head.idNumber}`)
    expect(found.items).toEqual([expect.objectContaining({ name: head.name, gridCode: demoImportGrid })])
    const person = await get<{
      history: { action: string }[]
      household: { members: { name: string }[] }
    }>('admin', `/api/registry/persons/${found.items[0]?.id}`)
    expect(person.history.map((h) => h.action)).toEqual(['import'])
    expect(person.household.members.map((m) => m.name)).toEqual(
      residents.filter((p) => p.household === head.household).map((p) => p.name),
    )
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM registry_persons p
      WHERE p.grid_code = ${demoImportGrid}
        AND EXISTS (SELECT 1 FROM registry_history h WHERE h.entity_type = 'person' AND h.entity_id = p.id AND h.action = 'import')`.execute(
      app.database.db,
    )
    expect(rows[0]?.n).toBe(residents.length)

    const tenant = residents.find((p) => p.nonLocal && p.age >= 18)
    const tenantId = (
      await get<TPersonList>('admin', `/api/registry/persons?documentNumber=${tenant?.idNumber}`)
    ).items[0]?.id
    const { rows: buildings } = await sql<{ id: number }>`
      SELECT id FROM registry_buildings WHERE grid_code = ${demoImportGrid} ORDER BY number LIMIT 1`.execute(
      app.database.db,
    )
    const building = await get<TBuilding>('admin', `/api/registry/buildings/${buildings[0]?.id}`)
    const third = building.houseList.filter((h) => h.unit === '3')
    expect(third.map((h) => h.roomNo).sort()).toEqual(
      ['101', '102', '201', '202', '301', '302', '401', '402', '501', '502', '601', '602'].sort(),
    )
    const let_ = third.find((h) => h.roomNo === '501')
    const house = await get<THouse>('admin', `/api/registry/houses/${let_?.id}`)
    expect(house).toMatchObject({ use: 'rental', unit: '3', floor: 5, gridCode: demoImportGrid })
    expect(house.tenancies.map((t) => [t.personId, t.registered])).toEqual([[tenantId, true]])
    expect(house.history.map((h) => h.action)).toEqual(['import'])
  })

  it('writes the same sheets for the same day', () => {
    expect(demoPersonsSheet(today, demoImportGrid).bytes).toEqual(
      demoPersonsSheet(today, demoImportGrid).bytes,
    )
    expect(demoOrganizationsSheet(demoImportGrid)).toEqual(demoOrganizationsSheet(demoImportGrid))
    const tenant = { idNumber: '110120199001019993' }
    expect(demoHousesSheet(today, '11012000100300001', tenant)).toEqual(
      demoHousesSheet(today, '11012000100300001', tenant),
    )
  })
})
