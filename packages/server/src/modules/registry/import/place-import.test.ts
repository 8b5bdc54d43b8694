import type { TBuilding, THouse, TOrganization, TOrganizationList } from '@onegrid/core/api/places'
import type { TRegistryImport, TRegistryImportList } from '@onegrid/core/api/registry-import'
import { creditCheckChar } from '@onegrid/core/registry/credit-code'
import { idCheckChar } from '@onegrid/core/registry/id-number'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, loadDemoAreas, tokenFor } from '../../../../test/identity-fixtures.ts'
import { multipart } from '../../../../test/multipart.ts'
import { rawDump } from '../../../../test/raw-dump.ts'
import { createTestApp } from '../../../../test/test-app.ts'
import type { App } from '../../../app.ts'

const gridA = '110120001001001'
const gridB = '110120001001002'
const foreignGrid = '110120002001001'
const credit = (first17: string) => first17 + creditCheckChar(first17)
const orgs = {
  shop: credit('91110120MA0KMP001'),
  stall: credit('92110120MA0KMP002'),
  recorded: credit('91110120MA0KMP003'),
  foreign: credit('91110120MA0KMP004'),
  noAddress: credit('91110120MA0KMP005'),
}
const wrongCheck = `${orgs.shop.slice(0, 17)}${orgs.shop.endsWith('0') ? '1' : '0'}`
const legalPhone = '13766660001'
const landlordId = `11010519650707007${idCheckChar('11010519650707007')}`
const tenantId = `11010519900808008${idCheckChar('11010519900808008')}`
const strangerId = `11010519910909009${idCheckChar('11010519910909009')}`

type ImportErrors = Array<{ row: number; field: string; column: string | null; message: string }>

describe('imports of houses and organizations', () => {
  let app: App
  let admin: string
  let building: TBuilding

  const call = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.http.inject({ method, url, headers: bearer(admin), ...(payload ? { payload } : {}) })
  const upload = async (kind: string, fileName: string, bytes: Buffer) => {
    const body = multipart({ kind, fileName }, { name: fileName, data: bytes })
    return app.http.inject({
      method: 'POST',
      url: '/api/registry/imports',
      headers: { ...bearer(admin), ...body.headers },
      payload: body.payload,
    })
  }
  /** Runs the import's job (the test app does not poll) and answers the import afterwards. */
  const settle = async (imp: TRegistryImport): Promise<TRegistryImport> => {
    if (imp.jobId) await app.runner.runNow(imp.jobId).catch(() => undefined)
    return (await call('GET', `/api/registry/imports/${imp.id}`)).json() as TRegistryImport
  }
  const dryRun = async (imp: TRegistryImport) => {
    const res = await call('POST', `/api/registry/imports/${imp.id}/dry-run`, {
      mapping: imp.suggestedMapping,
    })
    expect(res.statusCode, res.body).toBe(202)
    return settle(res.json() as TRegistryImport)
  }
  const commit = async (imp: TRegistryImport, mode: 'all' | 'valid_only') =>
    call('POST', `/api/registry/imports/${imp.id}/commit`, { mode })
  const errorsOf = (imp: TRegistryImport) =>
    Object.fromEntries((imp.errors as ImportErrors).map((e) => [e.row, `${e.field}: ${e.message}`]))
  const pointIn = async (grid: string) => {
    const { rows } = await sql<{ lng: number; lat: number }>`
      SELECT ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat
      FROM areas WHERE code = ${grid}`.execute(app.database.db)
    const row = rows[0]
    if (!row) throw new Error(`no grid ${grid}`)
    return row
  }

  beforeAll(async () => {
    app = await createTestApp()
    await loadDemoAreas(app)
    await createUser(app, { username: 'pimp_admin', role: 'admin', areaCode: '110120001' })
    admin = await tokenFor(app, 'pimp_admin')
  })
  afterAll(async () => {
    await app.close()
  })

  it('imports an organizations workbook: codes checked, kinds read from the code, phones sealed, grids by code or point', async () => {
    const res = await call('POST', '/api/registry/organizations', {
      creditCode: orgs.recorded,
      name: '已登记的公司',
      kind: 'enterprise',
      address: '东湖路1号',
      gridCode: gridA,
    })
    expect(res.statusCode, res.body).toBe(201)
    const inB = await pointIn(gridB)

    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('单位')
    sheet.addRow([
      '统一社会信用代码',
      '单位名称',
      '单位类型',
      '单位地址',
      '法定代表人',
      '法人电话',
      '从业人员数',
      '消防重点单位',
      '网格编码',
      '经度',
      '纬度',
    ])
    sheet.addRow([
      orgs.shop,
      '东湖便利店有限公司',
      '企业',
      '东湖路8号',
      '王老板',
      legalPhone,
      12,
      '是',
      gridA,
      '',
      '',
    ])
    sheet.addRow([orgs.stall, '老李修车铺', '', '东湖路9号', '李师傅', '', 2, '', '', inB.lng, inB.lat])
    sheet.addRow([wrongCheck, '校验位错的公司', '企业', '东湖路10号', '', '', '', '', gridA, '', ''])
    sheet.addRow([orgs.shop, '重复的便利店', '企业', '东湖路8号', '', '', '', '', gridA, '', ''])
    sheet.addRow([orgs.recorded, '已登记的公司', '企业', '东湖路1号', '', '', '', '', gridA, '', ''])
    sheet.addRow([orgs.noAddress, '没有地址的公司', '企业', '', '', '', '', '', gridA, '', ''])
    sheet.addRow([
      orgs.foreign,
      '别处的公司',
      '火星企业',
      '西湖路1号',
      '',
      '1234',
      '',
      '也许',
      foreignGrid,
      '',
      '',
    ])
    const bytes = Buffer.from(await book.xlsx.writeBuffer())

    const up = await upload('organizations', '东湖单位.xlsx', bytes)
    expect(up.statusCode, up.body).toBe(201)
    let imp = up.json() as TRegistryImport
    expect(imp.kind).toBe('organizations')
    expect(imp.fields.filter((f) => f.required).map((f) => f.key)).toEqual(['creditCode', 'name', 'address'])
    expect(imp.suggestedMapping).toMatchObject({
      creditCode: 0,
      name: 1,
      kind: 2,
      address: 3,
      legalRepresentative: 4,
      legalRepresentativePhone: 5,
      employees: 6,
      keyFireUnit: 7,
      gridCode: 8,
      lng: 9,
      lat: 10,
    })
    expect(imp.samples[0]?.[5]).toBe('137****0001')
    expect(up.body).not.toContain(legalPhone)

    imp = await dryRun(imp)
    expect(imp).toMatchObject({ status: 'validated', totalRows: 7, validRows: 2, invalidRows: 5 })
    const errors = errorsOf(imp)
    expect(errors[4]).toMatch(/^creditCode: .*校验位/)
    expect(errors[5]).toMatch(/^creditCode: .*第 2 行/)
    expect(errors[6]).toMatch(/^creditCode: .*已登记/)
    expect(errors[7]).toMatch(/^address: /)
    const foreign = (imp.errors as ImportErrors).filter((e) => e.row === 8).map((e) => e.field)
    expect(foreign.sort()).toEqual(['keyFireUnit', 'kind', 'legalRepresentativePhone'])
    expect(imp.errorReportUrl).not.toBeNull()
    const before = await call('GET', '/api/registry/organizations?q=东湖便利店')
    expect((before.json() as TOrganizationList).total).toBe(0)

    expect((await commit(imp, 'all')).statusCode).toBe(400)
    const committing = await commit(imp, 'valid_only')
    expect(committing.statusCode).toBe(202)
    imp = await settle(committing.json() as TRegistryImport)
    expect(imp, imp.failure ?? '').toMatchObject({ status: 'committed', committedRows: 2, households: null })

    const list = (await call('GET', '/api/registry/organizations?q=东湖便利店')).json() as TOrganizationList
    expect(list.items).toHaveLength(1)
    const shop = (
      await call('GET', `/api/registry/organizations/${list.items[0]?.id}`)
    ).json() as TOrganization
    expect(shop).toMatchObject({
      creditCode: orgs.shop,
      kind: 'enterprise',
      status: 'operating',
      gridCode: gridA,
      legalRepresentativePhoneMasked: '137****0001',
      employees: 12,
      keyFireUnit: true,
    })
    expect(shop.history.map((h) => h.action)).toEqual(['import'])
    const stall = (await call('GET', '/api/registry/organizations?q=老李修车铺')).json() as TOrganizationList
    expect(stall.items[0]).toMatchObject({ kind: 'individual_business', gridCode: gridB })
    expect(stall.items[0]?.location?.lng).toBeCloseTo(inB.lng, 6)

    const audit = await app.database.db
      .selectFrom('audit_log')
      .select(['entity_type', 'details'])
      .where('action', '=', 'registry.import')
      .executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ entity_type: 'organization', details: { kind: 'organizations', rows: 2 } })
    expect((await rawDump(app.database)).includes(Buffer.from(legalPhone))).toBe(false)
  })

  it('imports a houses sheet: rooms of a building by its code, houses standing alone, owners by ID number or credit code', async () => {
    const here = await pointIn(gridA)
    let res = await call('POST', '/api/registry/buildings', {
      number: '00021',
      address: '东湖路21号院1号楼',
      floorsAbove: 6,
      use: 'residential',
      location: here,
    })
    expect(res.statusCode, res.body).toBe(201)
    building = res.json() as TBuilding
    res = await call('POST', '/api/registry/houses', {
      buildingId: building.id,
      unit: '1',
      roomNo: '201',
      use: 'owner_occupied',
    })
    expect(res.statusCode, res.body).toBe(201)
    res = await call('POST', '/api/registry/persons', {
      name: '房东丙',
      documentNumber: landlordId,
      gridCode: gridA,
    })
    expect(res.statusCode, res.body).toBe(201)
    const landlord = res.json() as { id: number }
    res = await call('POST', '/api/registry/persons', {
      name: '租客戊',
      documentNumber: tenantId,
      gridCode: gridA,
    })
    const tenant = res.json() as { id: number }

    const rows = [
      '楼栋编码,单元,楼层,房号,房屋地址,建筑面积,房屋用途,出租间数,产权人,产权人身份证号,产权单位信用代码,网格编码,租户身份证号,起租日期,到期日期,登记备案',
      `${building.code},1,1,101,,85.5,出租,3,房东丙,${landlordId},,,${tenantId},2026-03-01,2027-02-28,是`,
      `${building.code},1,1,101,,60,自住,,,,,,,,,`,
      `${building.code},1,2,201,,60,自住,,,,,,,,,`,
      `11012000100199999,1,1,101,,60,自住,,,,,,,,,`,
      `,,,甲1号,东湖路平房甲1号,40,经营,,,,${orgs.shop},${gridB},,,,`,
      `,,,甲2号,,40,自住,,,,,${gridB},,,,`,
      `${building.code},2,3,301,,70,,,,,,,,,,`,
      `${building.code},2,3,302,,70,空置,,,,,${foreignGrid},,,,`,
      `${building.code},1,1,102,,70,出租,,,,,,${strangerId},2026-03-01,,`,
      `${building.code},1,1,103,,70,出租,,,,,,${tenantId},,2026-01-01,`,
    ].join('\r\n')
    const up = await upload('houses', '东湖房屋.csv', Buffer.from(rows))
    expect(up.statusCode, up.body).toBe(201)
    let imp = up.json() as TRegistryImport
    expect(imp.kind).toBe('houses')
    expect(imp.samples[0]?.[9]).toBe(`110105********${landlordId.slice(-4)}`)
    imp = await dryRun(imp)
    expect(imp, JSON.stringify(imp.errors)).toMatchObject({
      status: 'validated',
      totalRows: 10,
      validRows: 2,
      invalidRows: 8,
    })
    const errors = errorsOf(imp)
    expect(errors[3]).toMatch(/^roomNo: .*第 2 行/)
    expect(errors[4]).toMatch(/^roomNo: .*已有此房号/)
    expect(errors[5]).toMatch(/^buildingCode: /)
    expect(errors[7]).toMatch(/^address: /)
    expect(errors[8]).toMatch(/^use: /)
    expect(errors[9]).toMatch(/^gridCode: /)
    expect(errors[10]).toMatch(/^tenantDocument: .*租户不在人口库/)
    expect((imp.errors as ImportErrors).filter((e) => e.row === 11).map((e) => e.field)).toEqual([
      'tenancyStart',
    ])

    const committing = await commit(imp, 'valid_only')
    expect(committing.statusCode).toBe(202)
    imp = await settle(committing.json() as TRegistryImport)
    expect(imp).toMatchObject({ status: 'committed', committedRows: 2 })

    const inBuilding = (await call('GET', `/api/registry/buildings/${building.id}`)).json() as TBuilding
    expect(inBuilding.houseList.map((h) => `${h.unit}-${h.roomNo}`).sort()).toEqual(['1-101', '1-201'])
    const room = inBuilding.houseList.find((h) => h.roomNo === '101')
    if (!room) throw new Error('room 101 was not imported')
    const house = (await call('GET', `/api/registry/houses/${room.id}`)).json() as THouse
    expect(house).toMatchObject({
      buildingId: building.id,
      unit: '1',
      floor: 1,
      address: '东湖路21号院1号楼1单元101室',
      areaM2: 85.5,
      use: 'rental',
      rooms: 3,
      gridCode: gridA,
      ownerPersonId: landlord.id,
      owner: '房东丙',
    })
    expect(house.location?.lng).toBeCloseTo(here.lng, 6)
    expect(house.tenancies.map((t) => [t.personId, t.startDate, t.endDate, t.registered])).toEqual([
      [tenant.id, '2026-03-01', '2027-02-28', true],
    ])
    expect(house.currentTenants).toBe(1)
    const shop = (await call('GET', '/api/registry/organizations?q=东湖便利店')).json() as TOrganizationList
    const owned = (
      await call('GET', `/api/registry/organizations/${shop.items[0]?.id}`)
    ).json() as TOrganization
    expect(owned.houses.map((h) => [h.roomNo, h.address, h.gridCode, h.use])).toEqual([
      ['甲1号', '东湖路平房甲1号', gridB, 'business'],
    ])
  })

  it('exports a kind’s filtered list as a sheet headed like the import, phones masked, audited', async () => {
    const res = await call('GET', `/api/registry/organizations/export?q=${encodeURIComponent('东湖')}`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('单位'))
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]
    if (!sheet) throw new Error('no sheet')
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header.slice(0, 3)).toEqual(['统一社会信用代码', '单位名称', '单位类型'])
    const rows = sheet.getSheetValues().slice(2) as unknown[][]
    expect(rows).toHaveLength(3)
    const byCode = new Map(rows.map((r) => [r[1], r]))
    expect(byCode.get(orgs.shop)?.slice(1, 9)).toEqual([
      orgs.shop,
      '东湖便利店有限公司',
      '企业',
      '在营',
      undefined,
      '东湖路8号',
      '王老板',
      '137****0001',
    ])
    expect(res.rawPayload.includes(Buffer.from(legalPhone))).toBe(false)
    const houses = await call('GET', `/api/registry/houses/export?use=rental`)
    const houseBook = new ExcelJS.Workbook()
    await houseBook.xlsx.load(houses.rawPayload as unknown as ArrayBuffer)
    const houseRows = (houseBook.worksheets[0]?.getSheetValues().slice(2) ?? []) as unknown[][]
    expect(houseRows.map((r) => [r[5], r[7]])).toEqual([['东湖路21号院1号楼1单元101室', '出租']])
    expect((await call('GET', '/api/registry/houses/export?use=castle')).statusCode).toBe(400)
    // The audit row follows the sheet's last byte: wait for it (bounded).
    const exportAudits = () =>
      app.database.db
        .selectFrom('audit_log')
        .select(['entity_type', 'details'])
        .where('action', '=', 'place.export')
        .orderBy('id')
        .execute()
    let audits = await exportAudits()
    for (let i = 0; i < 40 && audits.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      audits = await exportAudits()
    }
    expect(audits.map((a) => [a.entity_type, (a.details as { rows: number }).rows])).toEqual([
      ['organization', 3],
      ['house', 1],
    ])
  })

  it('lists the importer’s own imports, newest first, by kind', async () => {
    const mine = (await call('GET', '/api/registry/imports')).json() as TRegistryImportList
    expect(mine.total).toBe(2)
    expect(mine.items.map((i) => [i.kind, i.fileName, i.status, i.committedRows])).toEqual([
      ['houses', '东湖房屋.csv', 'committed', 2],
      ['organizations', '东湖单位.xlsx', 'committed', 2],
    ])
    expect(mine.items[0]?.errorReportUrl).toMatch(/errors\.xlsx$/)
    const orgs = (await call('GET', '/api/registry/imports?kind=organizations')).json() as TRegistryImportList
    expect(orgs.items.map((i) => i.kind)).toEqual(['organizations'])
    await createUser(app, { username: 'pimp_other', role: 'admin', areaCode: '110120001' })
    const other = await app.http.inject({
      method: 'GET',
      url: '/api/registry/imports',
      headers: bearer(await tokenFor(app, 'pimp_other')),
    })
    expect((other.json() as TRegistryImportList).total).toBe(0)
  })
})
