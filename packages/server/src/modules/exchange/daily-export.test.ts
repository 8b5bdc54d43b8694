import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { ConfigError, loadConfig } from '../../platform/config.ts'
import { caseWorld, items, points, report, type Staff } from '../cases/test-fixtures.ts'
import { latestDueDay } from './daily-export.ts'

const csvRows = (text: string) =>
  text
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.split(','))

type Run = { day: string; status: string; attempts: number; files: { name: string; rows: number }[] }

describe('the daily export: when', () => {
  it('takes yesterday from the configured Beijing hour on, the day before until then', () => {
    expect(latestDueDay(new Date('2026-11-24T01:59:00+08:00'), 2)).toBe('2026-11-22')
    expect(latestDueDay(new Date('2026-11-24T02:00:00+08:00'), 2)).toBe('2026-11-23')
    // 18:30 UTC is already the next day in Beijing.
    expect(latestDueDay(new Date('2026-11-23T18:30:00Z'), 2)).toBe('2026-11-23')
    expect(latestDueDay(new Date('2026-11-24T00:00:00+08:00'), 0)).toBe('2026-11-23')
  })

  it('is off unless a target is configured, and takes one target', () => {
    expect(loadConfig({}).config.dailyExport).toBeNull()
    expect(
      loadConfig({ ONEGRID_EXPORT_DIR: '/srv/x', ONEGRID_EXPORT_FORMATS: 'csv' }).config.dailyExport,
    ).toEqual({
      hour: 2,
      formats: ['csv'],
      target: { kind: 'dir', dir: '/srv/x' },
    })
    // A prefix alone: the file storage's bucket, in a folder.
    const storage = {
      ONEGRID_STORAGE: 's3',
      ONEGRID_S3_ENDPOINT: 'http://minio:9000',
      ONEGRID_S3_BUCKET: 'files',
      ONEGRID_S3_ACCESS_KEY: 'a',
      ONEGRID_S3_SECRET_KEY: 'b',
    }
    expect(
      loadConfig({ ...storage, ONEGRID_EXPORT_S3_PREFIX: 'daily/', ONEGRID_EXPORT_HOUR: '3' }).config
        .dailyExport,
    ).toEqual({
      hour: 3,
      formats: ['csv', 'geojson', 'xlsx'],
      target: {
        kind: 's3',
        endpoint: 'http://minio:9000',
        bucket: 'files',
        region: 'us-east-1',
        accessKey: 'a',
        secretKey: 'b',
        prefix: 'daily/',
      },
    })
    expect(() => loadConfig({ ONEGRID_EXPORT_S3_BUCKET: 'x' })).toThrow(ConfigError)
    expect(() => loadConfig({ ONEGRID_EXPORT_DIR: '/x', ONEGRID_EXPORT_S3_PREFIX: 'y/' })).toThrow(
      ConfigError,
    )
    expect(() => loadConfig({ ONEGRID_EXPORT_DIR: '/x', ONEGRID_EXPORT_FORMATS: 'csv,pdf' })).toThrow(
      ConfigError,
    )
  })
})

describe('the daily export to a directory', () => {
  let app: App
  let staff: Staff
  let dir: string
  const clock = new ManualClock('2026-11-22T22:00:00+08:00')
  const codes: Record<string, string[]> = {}
  const runs = async () =>
    (
      await sql<Run>`
        SELECT day::text AS day, status, attempts, files FROM daily_exports ORDER BY day`.execute(
        app.database.db,
      )
    ).rows

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onegrid-daily-'))
    app = await createTestApp({
      clock,
      env: { ONEGRID_SESSION_IDLE_MINUTES: '1440', ONEGRID_EXPORT_DIR: dir, ONEGRID_EXPORT_HOUR: '2' },
    })
    ;({ staff } = await caseWorld(app))
    const a = await report(app, staff.operator, {
      itemCode: items.dispute,
      channel: 'hotline',
      title: '邻里噪音，深夜装修',
      description: '楼上深夜装修',
      reporter: { name: '张三丰', phone: '13812345678' },
    })
    codes['2026-11-22'] = [a.code]
    clock.set(new Date('2026-11-23T08:00:00+08:00'))
    const b = await report(app, staff.operator, {
      itemCode: items.dispute,
      channel: 'hotline',
      description: '楼道堆物',
      reporter: { name: '李四', phone: '13987654321' },
    })
    clock.advance(3_600_000)
    const c = await report(app, staff.operator, {
      itemCode: items.dispute,
      channel: 'hotline',
      description: '路灯不亮',
      location: points.liuyuan1Near,
    })
    codes['2026-11-23'] = [b.code, c.code]
  })
  afterAll(async () => {
    await app.close()
    await fs.rm(dir, { recursive: true, force: true })
  })

  it('exports only the latest due day when first turned on, in every format, without the reporter', async () => {
    const daily = app.services.dailyExport
    if (!daily) throw new Error('the daily export is configured')
    // 01:00: the 23rd is not due before 02:00, and the history before the 22nd is not replayed.
    clock.set(new Date('2026-11-24T01:00:00+08:00'))
    expect(await daily.runDue()).toEqual(['2026-11-22'])
    expect((await fs.readdir(dir)).sort()).toEqual([
      'cases-2026-11-22.csv',
      'cases-2026-11-22.geojson',
      'cases-2026-11-22.xlsx',
    ])
    const csv = await fs.readFile(path.join(dir, 'cases-2026-11-22.csv'), 'utf8')
    expect(csv.startsWith('\ufeff案件编号,事由,')).toBe(true)
    const [header, ...rows] = csvRows(csv)
    expect(header?.[0]).toBe('案件编号')
    expect(rows.map((r) => r[0])).toEqual(codes['2026-11-22'])
    expect(csv).not.toMatch(/13812345678|138\*\*\*\*5678|张三丰|张\*丰/)
    expect(await daily.runDue()).toEqual([])
  })

  it('exports a day once when two instances ask at the same moment, atomically', async () => {
    const daily = app.services.dailyExport
    if (!daily) throw new Error('the daily export is configured')
    clock.set(new Date('2026-11-24T02:00:30+08:00'))
    const [one, two] = await Promise.all([daily.runDue(), daily.runDue()])
    expect([...(one ?? []), ...(two ?? [])]).toEqual(['2026-11-23'])
    // Whole files only: no temporary name is left behind.
    expect((await fs.readdir(dir)).filter((f) => f.includes('2026-11-23')).sort()).toEqual([
      'cases-2026-11-23.csv',
      'cases-2026-11-23.geojson',
      'cases-2026-11-23.xlsx',
    ])
    const csv = await fs.readFile(path.join(dir, 'cases-2026-11-23.csv'), 'utf8')
    expect(
      csvRows(csv)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(codes['2026-11-23'])
    expect(csv).not.toMatch(/13987654321|139\*\*\*\*4321|李四|李\*/)

    const geo = JSON.parse(await fs.readFile(path.join(dir, 'cases-2026-11-23.geojson'), 'utf8')) as {
      type: string
      features: { id: string; properties: Record<string, unknown> }[]
    }
    expect(geo.type).toBe('FeatureCollection')
    expect(geo.features.map((f) => f.id)).toEqual(codes['2026-11-23'])
    expect(JSON.stringify(geo)).not.toMatch(/1398765|李四/)

    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(path.join(dir, 'cases-2026-11-23.xlsx'))
    const sheet = book.getWorksheet('案件')
    expect(sheet?.rowCount).toBe(3)
    expect(sheet?.getRow(2).getCell(1).value).toBe(codes['2026-11-23']?.[0])

    const day = (await runs()).find((r) => r.day === '2026-11-23')
    expect(day).toMatchObject({ status: 'done', attempts: 1 })
    expect(day?.files.map((f) => [f.name, f.rows])).toEqual([
      ['cases-2026-11-23.csv', 2],
      ['cases-2026-11-23.geojson', 2],
      ['cases-2026-11-23.xlsx', 2],
    ])
  })

  it('catches up the days missed while no instance ran, once each', async () => {
    const daily = app.services.dailyExport
    if (!daily) throw new Error('the daily export is configured')
    // Down from the 24th at noon until the 27th at 03:00: the 24th, 25th and 26th were missed.
    clock.set(new Date('2026-11-27T03:00:00+08:00'))
    expect(await daily.runDue()).toEqual(['2026-11-24', '2026-11-25', '2026-11-26'])
    expect(await daily.runDue()).toEqual([])
    const csv = await fs.readFile(path.join(dir, 'cases-2026-11-25.csv'), 'utf8')
    expect(csvRows(csv)).toHaveLength(1)
    expect((await runs()).map((r) => [r.day, r.status])).toEqual(
      ['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'].map((d) => [d, 'done']),
    )
  })

  it('shows the runs to district-wide administrators (listDailyExports)', async () => {
    await createUser(app, { username: 'x_district_admin', role: 'admin', areaCode: '110120' })
    await createUser(app, { username: 'x_street_admin', role: 'admin', areaCode: '110120001' })
    const res = await app.http.inject({
      method: 'GET',
      url: '/api/exports/daily?limit=2',
      headers: bearer(await tokenFor(app, 'x_district_admin')),
    })
    expect(res.statusCode, res.body).toBe(200)
    const list = res.json()
    expect(list).toMatchObject({
      enabled: true,
      hour: 2,
      formats: ['csv', 'geojson', 'xlsx'],
      target: `dir:${dir}`,
    })
    expect(list.items.map((i: { day: string }) => i.day)).toEqual(['2026-11-26', '2026-11-25'])
    expect(list.items[0]).toMatchObject({ status: 'done', rows: 0, error: null, attempts: 1 })
    const street = await app.http.inject({
      method: 'GET',
      url: '/api/exports/daily',
      headers: bearer(await tokenFor(app, 'x_street_admin')),
    })
    expect(street.statusCode).toBe(403)
    // A district leader exports cases by hand but does not administer the links.
    await createUser(app, { username: 'x_district_leader', role: 'leader', areaCode: '110120' })
    const leader = await app.http.inject({
      method: 'GET',
      url: '/api/exports/daily',
      headers: bearer(await tokenFor(app, 'x_district_leader')),
    })
    expect(leader.statusCode).toBe(403)
  })
})

/** A minimal S3-compatible server: PUTs signed with SigV4 by the expected key, and a switch to fail them. */
function fakeS3() {
  const objects = new Map<string, { body: Buffer; type: string }>()
  const state = { failNext: 0, puts: 0 }
  const server = http.createServer((req, res) => {
    const auth = req.headers.authorization ?? ''
    const signed =
      auth.startsWith('AWS4-HMAC-SHA256 Credential=test-access/') &&
      /SignedHeaders=[^,]*host/.test(auth) &&
      /Signature=[0-9a-f]{64}$/.test(auth) &&
      typeof req.headers['x-amz-date'] === 'string' &&
      typeof req.headers['x-amz-content-sha256'] === 'string'
    if (!signed || req.method !== 'PUT') {
      res.writeHead(403).end()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      state.puts++
      if (state.failNext > 0) {
        state.failNext--
        res.writeHead(503).end()
        return
      }
      objects.set(decodeURIComponent(req.url ?? ''), {
        body: Buffer.concat(chunks),
        type: String(req.headers['content-type']),
      })
      res.writeHead(200).end()
    })
  })
  return {
    objects,
    state,
    listen: () =>
      new Promise<number>((r) =>
        server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)),
      ),
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

describe('the daily export to an S3-compatible bucket', () => {
  let app: App
  let staff: Staff
  const s3 = fakeS3()
  const clock = new ManualClock('2026-11-23T10:00:00+08:00')
  let code = ''

  beforeAll(async () => {
    const port = await s3.listen()
    app = await createTestApp({
      clock,
      env: {
        ONEGRID_SESSION_IDLE_MINUTES: '1440',
        ONEGRID_EXPORT_S3_ENDPOINT: `http://127.0.0.1:${port}`,
        ONEGRID_EXPORT_S3_BUCKET: 'exchange',
        ONEGRID_EXPORT_S3_ACCESS_KEY: 'test-access',
        ONEGRID_EXPORT_S3_SECRET_KEY: 'test-secret',
        ONEGRID_EXPORT_S3_PREFIX: 'onegrid/daily/',
        ONEGRID_EXPORT_FORMATS: 'csv,geojson',
      },
    })
    ;({ staff } = await caseWorld(app))
    code = (
      await report(app, staff.operator, {
        itemCode: items.dispute,
        channel: 'hotline',
        description: '楼上深夜装修',
        reporter: { name: '张三丰', phone: '13812345678' },
      })
    ).code
    await createUser(app, { username: 'x_s3_admin', role: 'admin', areaCode: '110120' })
  })
  afterAll(async () => {
    await app.close()
    await s3.close()
  })

  it('puts the day’s files under the prefix, signed; a refused put fails the day, retried later', async () => {
    const daily = app.services.dailyExport
    if (!daily) throw new Error('the daily export is configured')
    clock.set(new Date('2026-11-24T02:10:00+08:00'))
    // More refusals than the client's own quick retries.
    s3.state.failNext = 3
    expect(await daily.runDue()).toEqual(['2026-11-23'])
    const failed = await app.http.inject({
      method: 'GET',
      url: '/api/exports/daily',
      headers: bearer(await tokenFor(app, 'x_s3_admin')),
    })
    expect(failed.json().items[0]).toMatchObject({
      day: '2026-11-23',
      status: 'failed',
      attempts: 1,
      target: 's3://exchange/onegrid/daily/',
      error: expect.stringMatching(/HTTP 503/),
    })
    // Not again at once: after a pause.
    clock.advance(60_000)
    expect(await daily.runDue()).toEqual([])
    clock.advance(15 * 60_000)
    expect(await daily.runDue()).toEqual(['2026-11-23'])

    expect([...s3.objects.keys()].sort()).toEqual([
      '/exchange/onegrid/daily/cases-2026-11-23.csv',
      '/exchange/onegrid/daily/cases-2026-11-23.geojson',
    ])
    const csv = s3.objects.get('/exchange/onegrid/daily/cases-2026-11-23.csv')
    expect(csv?.type).toBe('text/csv; charset=utf-8')
    const text = csv?.body.toString('utf8') ?? ''
    expect(
      csvRows(text)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([code])
    expect(text).not.toMatch(/13812345678|张三丰/)
    const geo = JSON.parse(
      s3.objects.get('/exchange/onegrid/daily/cases-2026-11-23.geojson')?.body.toString() ?? '',
    )
    expect(geo.features).toHaveLength(1)
    expect(s3.state.puts).toBe(5)
  })
})
