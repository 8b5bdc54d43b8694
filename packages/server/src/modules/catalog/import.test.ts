import type { TCatalogImportReport, TCatalogItem, TCatalogTree } from '@onegrid/core/api/catalog'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { networkSince, smallNetwork } from '../../../test/grid-fixtures.ts'
import { bearer, createUser, tokenFor } from '../../../test/identity-fixtures.ts'
import { multipart } from '../../../test/multipart.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { ownCatalogWorkbook } from './test-workbook.ts'

describe('the catalog as an XLSX workbook', () => {
  let app: App
  let admin: Record<string, string>
  const clock = new ManualClock('2026-11-20T09:00:00+08:00')

  beforeAll(async () => {
    app = await createTestApp({ clock })
    await app.services.areas.saveTree(smallNetwork(), { effectiveFrom: networkSince })
    await createUser(app, { username: 'iadmin', role: 'admin', areaCode: '110120' })
    admin = bearer(await tokenFor(app, 'iadmin'))
  })
  afterAll(async () => {
    await app.close()
  })

  const importBook = async (data: Uint8Array, fields: Record<string, string> = {}) => {
    const body = multipart(fields, { name: 'catalog.xlsx', data })
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/catalog/import',
      payload: body.payload,
      headers: { ...admin, ...body.headers },
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as TCatalogImportReport
  }
  const itemCount = async () =>
    (
      (
        await app.http.inject({ method: 'GET', url: '/api/catalog?includeRetired=true', headers: admin })
      ).json() as TCatalogTree
    ).counts.items

  it('loads a district’s own 93 majors and 199 items: a dry run first, then all of it', async () => {
    const before = await itemCount()
    const book = await ownCatalogWorkbook({ majors: 93, items: 199 })
    const dry = await importBook(book)
    expect(dry.problems).toEqual([])
    expect(dry).toMatchObject({
      dryRun: true,
      written: false,
      majors: { total: 93, added: 93, changed: 0 },
      items: { total: 199, added: 199, changed: 0, unchanged: 0, retired: 0 },
    })
    expect(await itemCount()).toBe(before)

    const done = await importBook(book, { dryRun: 'false', reason: '溧阳市事项清单' })
    expect(done.written).toBe(true)
    expect(await itemCount()).toBe(before + 199)

    const item = (
      await app.http.inject({ method: 'GET', url: '/api/catalog/items/L01001', headers: admin })
    ).json() as TCatalogItem
    expect(item).toMatchObject({
      name: '本地事项1',
      majorName: '本地大类1',
      standard: 'local',
      selfHandle: true,
      routing: { default: { body: 'zongzhi', level: 'community' }, overrides: [] },
      admission: { admitted: true, approvedBy: '溧阳市网格化服务管理领导小组', approvedOn: '2026-04-01' },
    })
    expect(item.limits.normal.first_feedback).toEqual({ amount: 3, unit: 'working_days' })
    expect(item.limits.critical.accept).toEqual({ amount: 0.25, unit: 'natural_hours' })
    expect(item.fields.map((f) => [f.key, f.type, f.forms])).toEqual([
      ['parties', 'person', ['report']],
      ['method', 'single_choice', ['handling']],
    ])
    const refused = (
      await app.http.inject({ method: 'GET', url: '/api/catalog/items/L08001', headers: admin })
    ).json() as TCatalogItem
    expect(refused.admission).toMatchObject({
      admitted: false,
      refusalReason: '不属于网格事项，请拨打 12345',
    })

    // The same file again changes nothing.
    const again = await importBook(book, { dryRun: 'false', reason: '再导入一次' })
    expect(again.items).toMatchObject({ added: 0, changed: 0, unchanged: 199 })
  })

  it('rejects a file with a duplicate code, a missing limit and an unknown department: one line each, nothing written', async () => {
    const before = await itemCount()
    const book = await ownCatalogWorkbook({ majors: 5, items: 12 }, (rows) => {
      for (const r of rows.majorRows) r[0] = `X${r[0]}`
      for (const r of rows.itemRows) {
        r[0] = `X${r[0]}`
        r[1] = `X${r[1]}`
      }
      for (const r of rows.limitRows) r[0] = `X${r[0]}`
      const first = rows.itemRows[0]
      const third = rows.itemRows[2]
      if (!first || !third) throw new Error('too few rows')
      rows.itemRows.push([...first]) // duplicate code XL01001
      third[12] = '城市规划局' // no such department
      const limit = rows.limitRows[4]
      if (limit) limit[6] = '' // XL02001 紧急: no 处置 limit
    })
    const report = await importBook(book, { dryRun: 'false' })
    expect(report.written).toBe(false)
    const lines = report.problems.map((p) => `${p.sheet} ${p.row} ${p.column} ${p.code} ${p.kind}`)
    expect(lines).toEqual(
      expect.arrayContaining([
        `小类 14 A14 XL01001 duplicate_code`,
        `小类 4 M4 XL03001 unknown_body`,
        `时限 6 G6 XL02001 missing_limit`,
      ]),
    )
    expect(report.problems.find((p) => p.kind === 'unknown_body')?.message).toBe('没有处置主体「城市规划局」')
    expect(await itemCount()).toBe(before)
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/catalog/items/XL01001', headers: admin }))
        .statusCode,
    ).toBe(404)
  })

  it('exports the whole catalog in the layout it imports, so a round trip changes nothing', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/catalog/export', headers: admin })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    const report = await importBook(new Uint8Array(res.rawPayload))
    expect(report.problems).toEqual([])
    expect(report.items.added).toBe(0)
    expect(report.items.changed).toBe(0)
    expect(report.items.unchanged).toBe(report.items.total)
    expect(report.items.total).toBe(await itemCount())
  })

  it('says a file that is not a workbook is not one', async () => {
    const body = multipart({}, { name: 'catalog.xlsx', data: new TextEncoder().encode('not a spreadsheet') })
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/catalog/import',
      payload: body.payload,
      headers: { ...admin, ...body.headers },
    })
    expect(res.statusCode).toBe(400)
    expect((res.json() as { error: { fields: Record<string, string> } }).error.fields.file).toBe(
      '不是有效的 XLSX 文件',
    )
  })
})
