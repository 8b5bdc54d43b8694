import type { TGridAttributesImportReport } from '@onegrid/core/api/area-import'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { networkSince, smallNetwork } from '../../../../test/grid-fixtures.ts'
import { bearer, createUser, tokenFor } from '../../../../test/identity-fixtures.ts'
import { multipart } from '../../../../test/multipart.ts'
import { createTestApp } from '../../../../test/test-app.ts'
import type { App } from '../../../app.ts'
import { ManualClock } from '../../../platform/clock.ts'

const header = [
  '网格编码',
  '网格名称',
  '所属社区',
  '网格类型',
  '服务单位',
  '户数',
  '人口',
  '责任主体',
  '面积(m²)',
]

async function workbookOf(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  return workbook
}

async function bytesOf(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

describe('grid attributes as an XLSX sheet', () => {
  let app: App
  let admin: Record<string, string>
  let streetAdmin: Record<string, string>
  const clock = new ManualClock('2026-11-20T09:00:00+08:00')

  beforeAll(async () => {
    app = await createTestApp({ clock })
    await app.services.areas.saveTree(smallNetwork(), { effectiveFrom: networkSince })
    await createUser(app, { username: 'xadmin', role: 'admin', areaCode: '110120' })
    await createUser(app, { username: 'xstreet', role: 'admin', areaCode: '110120001' })
    admin = bearer(await tokenFor(app, 'xadmin'))
    streetAdmin = bearer(await tokenFor(app, 'xstreet'))
  })
  afterAll(async () => {
    await app.close()
  })

  const exportSheet = (under: string, headers = admin) =>
    app.http.inject({ method: 'GET', url: `/api/grids/attributes.xlsx?under=${under}`, headers })
  const importSheet = async (data: Uint8Array, fields: Record<string, string> = {}, headers = admin) => {
    const body = multipart(fields, { name: 'attributes.xlsx', data })
    return app.http.inject({
      method: 'POST',
      url: '/api/grids/attributes/import',
      payload: body.payload,
      headers: { ...headers, ...body.headers },
    })
  }
  const households = async (code: string) =>
    (
      await app.database.db
        .selectFrom('areas')
        .select('households')
        .where('code', '=', code)
        .executeTakeFirstOrThrow()
    ).households

  it('round-trips: export, edit a cell in Excel, a dry run shows the change, confirming applies it', async () => {
    const res = await exportSheet('110120001001')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E7%BD%91%E6%A0%BC")
    const workbook = await workbookOf(res.rawPayload)
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(header)
    expect(sheet.rowCount).toBe(5)
    expect((sheet.getRow(2).values as unknown[]).slice(1, 8)).toEqual([
      '110120001001001',
      '柳园社区第一网格',
      '柳园社区',
      '基础',
      undefined,
      400,
      1080,
    ])
    expect(sheet.getRow(5).getCell(4).value).toBe('专属')
    expect(sheet.getRow(5).getCell(5).value).toBe('云溪第二中学')
    expect(sheet.getRow(2).getCell(9).value).toBeGreaterThan(1_000_000)

    sheet.getRow(3).getCell(6).value = 360 // 110120001001002: 350 → 360 households
    const edited = await bytesOf(workbook)
    const dry = await importSheet(edited)
    expect(dry.statusCode).toBe(200)
    const report = dry.json() as TGridAttributesImportReport
    expect(report).toMatchObject({
      applied: false,
      dryRun: true,
      ok: true,
      rowsRead: 4,
      unchanged: 3,
      problems: [],
    })
    expect(report.columns).toEqual(['gridType', 'servedUnit', 'households', 'population', 'responsibleParty'])
    expect(report.changed).toEqual([
      {
        row: 3,
        code: '110120001001002',
        name: '柳园社区第二网格',
        changes: [{ field: 'households', before: 350, after: 360 }],
      },
    ])
    expect(await households('110120001001002')).toBe(350)

    const confirmed = (await importSheet(edited, { dryRun: 'false' })).json() as TGridAttributesImportReport
    expect(confirmed.applied).toBe(true)
    expect(await households('110120001001002')).toBe(360)
    const audit = await app.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'area_path'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(audit).toEqual({
      action: 'grids.attributes.import',
      entity_id: '110120001001002',
      area_path: '110120.110120001.110120001001.110120001001002',
    })
  })

  it('names each bad row by row, column and cell, and applies nothing while any row is bad', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('网格属性')
    // Columns in another order, and no 所属社区/面积: found by their headers.
    sheet.addRow(['户数', '网格编码', '网格类型', '服务单位', '人口'])
    sheet.addRow([410, '110120001001001', '基础', null, 1100]) // row 2: fine
    sheet.addRow([10, '110120001001099', '基础', null, 20]) // 3: no such grid
    sheet.addRow([10, '110120001001002', '混合', null, 20]) // 4: bad type
    sheet.addRow([-5, '110120001001003', '基础', null, 12.5]) // 5: two bad numbers
    sheet.addRow([20, '110120001001004', '基础', '云溪第二中学', 50]) // 6: a basic grid serving a unit
    sheet.addRow([410, 110120001001001, '基础', null, 1100]) // 7: repeats row 2 (typed as a number)
    const res = await importSheet(
      await bytesOf(workbook),
      { dryRun: 'false' },
      { ...admin, 'accept-language': 'en' },
    )
    expect(res.statusCode).toBe(200)
    const report = res.json() as TGridAttributesImportReport
    expect(report).toMatchObject({ applied: false, ok: false, rowsRead: 6 })
    expect(report.problems.map((p) => [p.row, p.column, p.cell, p.kind])).toEqual([
      [3, '网格编码', 'B3', 'unknown_grid'],
      [4, '网格类型', 'C4', 'bad_type'],
      [5, '户数', 'A5', 'bad_number'],
      [5, '人口', 'E5', 'bad_number'],
      [6, '服务单位', 'D6', 'served_unit_on_basic'],
      [7, '网格编码', 'B7', 'duplicate_code'],
    ])
    expect(report.problems[1]?.message).toBe('C4: the grid type must be 基础 (basic) or 专属 (dedicated)')
    expect(report.changed.map((c) => c.code)).toEqual(['110120001001001'])
    expect(await households('110120001001001')).toBe(400)
  })

  it('turning a dedicated grid basic clears the unit it served; the sheet is limited to the caller’s jurisdiction', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('网格属性')
    sheet.addRow(['网格编码', '网格类型'])
    sheet.addRow(['110120001001004', '基础'])
    const report = (await importSheet(await bytesOf(workbook), { dryRun: 'false' }, streetAdmin)).json()
    expect(report.changed[0].changes).toEqual([
      { field: 'gridType', before: 'dedicated', after: 'basic' },
      { field: 'servedUnit', before: '云溪第二中学', after: null },
    ])
    expect(report.applied).toBe(true)

    sheet.addRow(['110120002001001', '专属'])
    const outside = await importSheet(await bytesOf(workbook), {}, streetAdmin)
    expect(outside.statusCode).toBe(400)
    expect(outside.json().error.fields).toEqual({
      'rows.3.网格编码': 'A3：网格 110120002001001 不存在或不在您的辖区内',
    })
    expect((await exportSheet('110120002', streetAdmin)).statusCode).toBe(404)
    const own = await workbookOf((await exportSheet('110120001', streetAdmin)).rawPayload)
    expect(own.worksheets[0]?.rowCount).toBe(5)
    const bad = await importSheet(new TextEncoder().encode('网格编码,户数\n'))
    expect(bad.statusCode).toBe(400)
    expect(Object.keys(bad.json().error.fields)).toEqual(['file'])
  })
})
