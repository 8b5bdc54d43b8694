import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { act, caseWorld, items, points, report, type Staff } from './test-fixtures.ts'

describe('exportCases', () => {
  let app: App
  let staff: Staff
  let westLeader: Record<string, string>
  const clock = new ManualClock('2026-11-23T09:00:00+08:00')
  const get = (url: string, headers: Record<string, string>) =>
    app.http.inject({ method: 'GET', url, headers })

  beforeAll(async () => {
    app = await createTestApp({ clock, env: { ONEGRID_SESSION_IDLE_MINUTES: '1440' } })
    ;({ staff } = await caseWorld(app))
    await createUser(app, { username: 'x_west_leader', role: 'leader', areaCode: '110120002' })
    westLeader = bearer(await tokenFor(app, 'x_west_leader'))
    await report(app, staff.operator, {
      itemCode: items.dispute,
      channel: 'hotline',
      title: '邻里噪音, "深夜" 装修',
      description: '楼上深夜装修',
      reporter: { name: '张三丰', phone: '13812345678' },
    })
    const second = await report(app, staff.operator, {
      itemCode: items.dispute,
      channel: 'hotline',
      description: '楼道堆物',
      location: points.liuyuan1Near,
    })
    await act(app, staff.operator, second, 'accept')
    await report(app, staff.operator, {
      itemCode: items.dispute,
      channel: 'hotline',
      title: '=1+1 路灯不亮',
      description: '路灯不亮',
    })
  })
  afterAll(async () => {
    await app.close()
  })

  it('writes the list as CSV for Excel: BOM, header, one row per case, no reporter, formulas defused', async () => {
    const res = await get('/api/cases/export?format=csv', staff.leader.headers)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="__-2026-11-23\.csv"; filename\*=UTF-8''/,
    )
    expect(res.body.startsWith('\ufeff案件编号,事由,')).toBe(true)
    const lines = res.body.trim().split('\r\n')
    expect(lines).toHaveLength(4)
    expect(res.body).toContain('"邻里噪音, ""深夜"" 装修"')
    expect(res.body).toContain(",'=1+1 路灯不亮,")
    expect(res.body).not.toMatch(/13812345678|138\*\*\*\*5678|张三丰|张\*丰/)
    const audit = await app.database.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'case.export')
      .execute()
    expect(audit.at(-1)?.details).toMatchObject({ format: 'csv', rows: 3 })
  })

  it('writes XLSX and GeoJSON with the same filters as the list', async () => {
    const xlsx = await get('/api/cases/export?format=xlsx&status=accepted', staff.leader.headers)
    expect(xlsx.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('案件')
    expect(sheet?.rowCount).toBe(2)
    expect(sheet?.getRow(2).getCell(5).value).toBe('待立案')

    const geo = await get('/api/cases/export?format=geojson', staff.leader.headers)
    expect(geo.headers['content-type']).toBe('application/geo+json')
    const collection = geo.json() as { type: string; features: { geometry: { coordinates: number[] } }[] }
    expect(collection.type).toBe('FeatureCollection')
    expect(collection.features).toHaveLength(3)
    expect(collection.features.map((f) => f.geometry.coordinates)).toContainEqual([
      points.liuyuan1Near.lng,
      points.liuyuan1Near.lat,
    ])
  })

  it('keeps to the jurisdiction and to those who may export', async () => {
    const empty = await get('/api/cases/export?format=geojson', westLeader)
    expect(empty.json()).toEqual({ type: 'FeatureCollection', features: [] })
    const emptyCsv = await get('/api/cases/export?format=csv', westLeader)
    expect(emptyCsv.body.trim().split('\r\n')).toHaveLength(1)
    expect((await get('/api/cases/export', staff.worker.headers)).statusCode).toBe(403)
    expect((await get('/api/cases/export', staff.operator.headers)).statusCode).toBe(403)
    expect((await get('/api/cases/export?format=pdf', staff.leader.headers)).statusCode).toBe(400)
  })
})
