import type { TAreaImportReport } from '@onegrid/core/api/area-import'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { networkSince, smallNetwork } from '../../../../test/grid-fixtures.ts'
import { bearer, createUser, tokenFor } from '../../../../test/identity-fixtures.ts'
import { multipart } from '../../../../test/multipart.ts'
import { createTestApp } from '../../../../test/test-app.ts'
import type { App } from '../../../app.ts'
import { ManualClock } from '../../../platform/clock.ts'
import { readAreaFile } from './area-file.ts'
import { wgs84ToGcj02 } from './gcj02.ts'
import { restrictToParents } from './import-service.ts'
import type { Position } from './reproject.ts'
import {
  type FixtureFeature,
  featureCollection,
  gaussKrugerZone39Prj,
  projectTo,
  shapefileZip,
} from './test-files.ts'

/** A rectangle as MultiPolygon coordinates (counter-clockwise, as GeoJSON wants). */
const rect = (west: number, south: number, east: number, north: number): Position[][][] => [
  [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ],
]
const grid = (code: string, name: string, coordinates: Position[][][]): FixtureFeature => ({
  properties: { code, name },
  coordinates,
})

describe('importing boundaries (GeoJSON, zipped Shapefile, GCJ-02)', () => {
  let app: App
  let admin: Record<string, string>
  let streetAdmin: Record<string, string>
  const clock = new ManualClock('2026-11-20T09:00:00+08:00')

  beforeAll(async () => {
    app = await createTestApp({ clock })
    await app.services.areas.saveTree(smallNetwork(), { effectiveFrom: networkSince })
    await createUser(app, { username: 'iadmin', role: 'admin', areaCode: '110120' })
    await createUser(app, { username: 'istreet', role: 'admin', areaCode: '110120001' })
    admin = bearer(await tokenFor(app, 'iadmin'))
    streetAdmin = bearer(await tokenFor(app, 'istreet'))
  })
  afterAll(async () => {
    await app.close()
  })

  const upload = (
    fields: Record<string, string>,
    file: { name: string; data: Uint8Array },
    headers: Record<string, string> = admin,
  ) => {
    const body = multipart(fields, file)
    return app.http.inject({
      method: 'POST',
      url: '/api/areas/import',
      payload: body.payload,
      headers: { ...headers, ...body.headers },
    })
  }

  const counts = async () => {
    const one = async (table: 'areas' | 'area_boundaries' | 'audit_log') =>
      Number(
        (
          await app.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    return {
      areas: await one('areas'),
      boundaries: await one('area_boundaries'),
      audit: await one('audit_log'),
    }
  }

  const gridAt = async (lng: number, lat: number) => {
    const row = await app.database.db
      .selectFrom('areas')
      .select('code')
      .where('level', '=', 'grid')
      .where(sql<boolean>`ST_Contains(geom, ST_SetSRID(ST_MakePoint(${lng}, ${lat}), 4326))`)
      .executeTakeFirst()
    return row?.code ?? null
  }

  it('reports a deliberate overlap, a gap and a bad code, and writes nothing even when confirmed', async () => {
    const before = await counts()
    const file = featureCollection([
      // 001 reaches 0.002° (≈170 m) into 002: an overlap.
      grid('110120001001001', '柳园社区第一网格', rect(116.6, 39.82, 116.612, 39.84)),
      grid('110120001001002', '柳园社区第二网格', rect(116.61, 39.82, 116.62, 39.84)),
      // 003 stops 0.002° short of 004: a gap.
      grid('110120001001003', '柳园社区第三网格', rect(116.6, 39.8, 116.608, 39.82)),
      grid('110120001001004', '云溪第二中学专属网格', rect(116.61, 39.8, 116.62, 39.82)),
      grid('110120001001000', '坏编码', rect(116.6, 39.8, 116.601, 39.801)),
    ])
    const res = await upload(
      { level: 'grid', dryRun: 'false', reason: '测试导入' },
      { name: 'grids.geojson', data: file },
    )
    expect(res.statusCode).toBe(200)
    const report = res.json() as TAreaImportReport
    expect(report).toMatchObject({
      applied: false,
      dryRun: false,
      ok: false,
      format: 'geojson',
      featuresRead: 5,
    })
    expect(report.problems.map((p) => [p.index, p.kind, p.code])).toEqual([
      [4, 'invalid_code', '110120001001000'],
    ])
    expect(report.problems[0]?.message).toContain('代码分段不合规则')
    expect(report.redrawn).toEqual(['110120001001001', '110120001001003'])
    expect(report.unchanged).toEqual(['110120001001002', '110120001001004'])

    const [topology] = report.topology
    expect(topology?.under).toBe('110120001001')
    const overlap = topology?.problems.find((p) => p.kind === 'overlap')
    expect(overlap?.codes).toEqual(['110120001001001', '110120001001002'])
    // 0.002° × 0.02° at 39.8°N ≈ 171 m × 2,220 m.
    expect(overlap?.areaM2).toBeGreaterThan(350_000)
    expect(overlap?.areaM2).toBeLessThan(410_000)
    expect(overlap?.location?.[0]).toBeGreaterThan(116.61)
    expect(overlap?.location?.[0]).toBeLessThan(116.612)
    const gap = topology?.problems.find((p) => p.kind === 'gap')
    expect(gap?.codes).toEqual(['110120001001'])
    expect(gap?.location?.[0]).toBeGreaterThan(116.608)
    expect(gap?.location?.[0]).toBeLessThan(116.61)
    expect(gap?.location?.[1]).toBeLessThan(39.82)

    expect(await counts()).toEqual(before)
    expect(await gridAt(116.611, 39.83)).toBe('110120001001002')
    expect(await gridAt(116.609, 39.81)).toBe('110120001001003')
  })

  it('answers in English when asked, and refuses a file whose codes lie outside the caller’s jurisdiction', async () => {
    const file = featureCollection([
      grid('110120001001', '社区编码', rect(116.6, 39.8, 116.601, 39.801)),
      grid('110120002001001', '翠苑社区第一网格', rect(116.62, 39.82, 116.64, 39.84)),
    ])
    const english = await upload(
      { level: 'grid' },
      { name: 'grids.geojson', data: file.slice() },
      { ...admin, 'accept-language': 'en' },
    )
    const report = english.json() as TAreaImportReport
    expect(report.problems[0]).toMatchObject({ kind: 'wrong_level', index: 0 })
    expect(report.problems[0]?.message).toMatch(/community\/village code; this import is for grid codes/)

    const outside = await upload({ level: 'grid' }, { name: 'grids.geojson', data: file }, streetAdmin)
    expect(outside.statusCode).toBe(400)
    expect(Object.keys(outside.json().error.fields)).toEqual(['features.1.code'])
  })

  it('imports a zipped Shapefile in CGCS2000 Gauss-Kruger zone 39 made by the test: new grids and new versions', async () => {
    const before = await counts()
    // Community 110120001001 re-cut into six grids, 3 × 2, numbered west→east, north→south.
    const cols = [116.6, 116.6066667, 116.6133333, 116.62]
    const rows = [39.84, 39.82, 39.8]
    const cells: FixtureFeature[] = []
    for (let r = 0; r < 2; r++)
      for (let c = 0; c < 3; c++) {
        const seq = String(r * 3 + c + 1).padStart(3, '0')
        const coordinates = rect(
          cols[c] as number,
          rows[r + 1] as number,
          cols[c + 1] as number,
          rows[r] as number,
        )
        cells.push({ properties: { CODE: `110120001001${seq}`, MC: `柳园第${seq}网格` }, coordinates })
      }
    const zip = shapefileZip(
      cells.map((f) => ({ ...f, coordinates: projectTo(4527, f.coordinates) })),
      {
        prj: gaussKrugerZone39Prj,
        fields: [
          { name: 'CODE', type: 'C', length: 15 },
          { name: 'MC', type: 'C', length: 60 },
        ],
      },
    )
    expect(readAreaFile(zip).features[0]?.geometry).toBeTruthy()

    const dry = (await upload({ level: 'grid', nameField: 'MC' }, { name: 'liuyuan.zip', data: zip })).json()
    expect(dry).toMatchObject({
      applied: false,
      ok: true,
      format: 'shapefile',
      sourceCrs: 'CGCS2000_3_Degree_GK_Zone_39',
    })
    expect(await counts()).toEqual(before)

    const res = await upload(
      {
        level: 'grid',
        nameField: 'MC',
        dryRun: 'false',
        reason: '社区网格重新划分',
        effectiveFrom: '2026-11-01T00:00:00+08:00',
      },
      { name: 'liuyuan.zip', data: zip },
    )
    expect(res.statusCode).toBe(200)
    const report = res.json() as TAreaImportReport
    expect(report.problems).toEqual([])
    expect(report.topology[0]?.ok).toBe(true)
    expect(report).toMatchObject({
      applied: true,
      created: ['110120001001005', '110120001001006'],
      redrawn: ['110120001001001', '110120001001002', '110120001001003', '110120001001004'],
    })
    // Each cell's middle lies in its own grid (lookups by ST_Contains on the stored boundaries).
    for (const [i, cell] of cells.entries()) {
      const [sw, , ne] = (cell.coordinates[0]?.[0] ?? []) as [Position, Position, Position]
      const mid: Position = [(sw[0] + ne[0]) / 2, (sw[1] + ne[1]) / 2]
      expect(await gridAt(...mid)).toBe(`110120001001${String(i + 1).padStart(3, '0')}`)
    }
    const versions = await app.database.db
      .selectFrom('area_boundaries')
      .select(['area_code', 'version', 'valid_from', 'valid_to', 'reason'])
      .where('area_code', 'in', ['110120001001001', '110120001001005'])
      .orderBy('area_code')
      .orderBy('version')
      .execute()
    expect(versions.map((v) => [v.area_code, v.version, v.valid_to === null, v.reason])).toEqual([
      ['110120001001001', 1, false, '初始划定'],
      ['110120001001001', 2, true, '社区网格重新划分'],
      ['110120001001005', 1, true, '社区网格重新划分'],
    ])
    expect(new Date(versions[0]?.valid_to as Date).toISOString()).toBe('2026-10-31T16:00:00.000Z')
    const kept = await app.database.db
      .selectFrom('areas')
      .select(['name', 'households', 'grid_type', 'served_unit'])
      .where('code', '=', '110120001001004')
      .executeTakeFirstOrThrow()
    // A boundary file carries no attributes: the dedicated grid keeps its own.
    expect(kept).toEqual({
      name: '柳园第004网格',
      households: 20,
      grid_type: 'dedicated',
      served_unit: '云溪第二中学',
    })
    const after = await counts()
    expect(after.areas - before.areas).toBe(2)
    expect(after.boundaries - before.boundaries).toBe(6)
    expect(after.audit - before.audit).toBe(1)
    const audit = await app.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'area_path', 'entity_id'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(audit).toEqual({
      action: 'areas.import',
      actor: 'iadmin',
      area_path: '110120.110120001.110120001001',
      entity_id: '110120001001',
    })

    // Importing the same file again changes nothing; an effective time before the current versions is refused.
    const again = (
      await upload({ level: 'grid', nameField: 'MC' }, { name: 'liuyuan.zip', data: zip })
    ).json()
    expect(again.unchanged).toHaveLength(6)
    const moved = shapefileZip(
      [{ ...cells[0], coordinates: projectTo(4527, rect(116.6, 39.82, 116.605, 39.84)) } as FixtureFeature],
      {
        prj: gaussKrugerZone39Prj,
        fields: [
          { name: 'CODE', type: 'C', length: 15 },
          { name: 'MC', type: 'C', length: 60 },
        ],
      },
    )
    const early = await upload(
      { level: 'grid', nameField: 'MC', effectiveFrom: '2026-10-01T00:00:00+08:00' },
      { name: 'moved.zip', data: moved },
    )
    expect(early.statusCode).toBe(400)
    expect(early.json().error.fields.effectiveFrom).toContain('110120001001001')
  })

  it('converts a GCJ-02 file to WGS84 when flagged: unflagged it lands a few hundred metres off', async () => {
    // Community 110120002001 re-cut north/south at 39.825 instead of 39.82, traced on a GCJ-02 map.
    const wgs = [
      grid('110120002001001', '翠苑社区第一网格', rect(116.62, 39.825, 116.64, 39.84)),
      grid('110120002001002', '翠苑社区第二网格', rect(116.62, 39.8, 116.64, 39.825)),
    ]
    const mars = featureCollection(
      wgs.map((f) => ({
        ...f,
        coordinates: f.coordinates.map((p) => p.map((ring) => ring.map(wgs84ToGcj02))),
      })),
    )

    const unflagged = (
      await upload({ level: 'grid' }, { name: 'cuiyuan.geojson', data: mars.slice() })
    ).json()
    const outside = unflagged.topology[0].problems.filter(
      (p: { kind: string }) => p.kind === 'outside_parent',
    )
    expect(outside.length).toBeGreaterThan(0)
    // GCJ-02 is about 500 m east of WGS84 here: the part outside the community lies east of it.
    const spill = outside.reduce((n: number, p: { areaM2: number }) => n + p.areaM2, 0)
    expect(spill / 4_440).toBeGreaterThan(200) // m of a 4.44 km high strip
    expect(spill / 4_440).toBeLessThan(800)
    expect(outside[0].location[0]).toBeGreaterThan(116.64)

    const res = await upload(
      { level: 'grid', crs: 'gcj02', dryRun: 'false' },
      { name: 'cuiyuan.geojson', data: mars },
    )
    const report = res.json() as TAreaImportReport
    expect(report).toMatchObject({
      applied: true,
      convertedFromGcj02: true,
      redrawn: ['110120002001001', '110120002001002'],
    })
    expect(report.topology[0]?.problems).toEqual([])
    expect(await gridAt(116.63, 39.822)).toBe('110120002001002')
    const drift = await sql<{ d: number }>`
      SELECT ST_HausdorffDistance(geom, ST_GeomFromText('POLYGON((116.62 39.825, 116.64 39.825, 116.64 39.84, 116.62 39.84, 116.62 39.825))', 4326)) AS d
      FROM areas WHERE code = '110120002001001'`.execute(app.database.db)
    expect(drift.rows[0]?.d).toBeLessThan(1e-7)
  })

  it('refuses what it cannot read, naming the field', async () => {
    const garbage = await upload(
      { level: 'grid' },
      { name: 'x.geojson', data: new TextEncoder().encode('not json') },
    )
    expect(garbage.statusCode).toBe(400)
    expect(Object.keys(garbage.json().error.fields)).toEqual(['file'])
    const level = await upload({ level: 'village' }, { name: 'x.geojson', data: featureCollection([]) })
    expect(level.statusCode).toBe(400)
    expect(Object.keys(level.json().error.fields)).toEqual(['level'])
    const noFile = await app.http.inject({
      method: 'POST',
      url: '/api/areas/import',
      payload: { level: 'grid' },
      headers: admin,
    })
    expect(noFile.statusCode).toBe(400)
    expect(Object.keys(noFile.json().error.fields)).toContain('file')
  })

  it('exports boundaries as GeoJSON and as a zipped Shapefile that imports back unchanged', async () => {
    const geojson = await app.http.inject({
      method: 'GET',
      url: '/api/areas/export?level=grid&under=110120002001',
      headers: admin,
    })
    expect(geojson.statusCode).toBe(200)
    expect(geojson.headers['content-type']).toContain('application/geo+json')
    expect(geojson.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual([
      '110120002001001',
      '110120002001002',
    ])
    const zip = await app.http.inject({
      method: 'GET',
      url: '/api/areas/export?level=grid&under=110120001&format=shapefile',
      headers: admin,
    })
    expect(zip.statusCode).toBe(200)
    expect(zip.headers['content-disposition']).toContain('grid-110120001.zip')
    const file = readAreaFile(zip.rawPayload)
    expect(file.features).toHaveLength(6)
    expect(file.features[0]?.properties).toMatchObject({ CODE: '110120001001001', NAME: '柳园第001网格' })
    const back = (await upload({ level: 'grid' }, { name: 'export.zip', data: zip.rawPayload })).json()
    expect(back).toMatchObject({ ok: true, unchanged: expect.arrayContaining(['110120001001006']) })
    expect(back.unchanged).toHaveLength(6)
    const foreign = await app.http.inject({
      method: 'GET',
      url: '/api/areas/export?level=grid&under=110120002',
      headers: streetAdmin,
    })
    expect(foreign.statusCode).toBe(404)
  })

  it('narrows a district-wide topology pass to the parents an import touches', () => {
    const problem = (kind: 'gap' | 'overlap' | 'sliver', codes: string[]) => ({
      kind,
      codes,
      areaM2: 10,
      location: null,
      geometry: null,
      detail: null,
    })
    const report = {
      level: 'grid' as const,
      under: '110120',
      checked: 1809,
      ok: false,
      counts: { invalid_geometry: 0, overlap: 2, gap: 2, outside_parent: 0, sliver: 1, missing_geometry: 0 },
      problems: [
        problem('gap', ['110120001001']),
        problem('gap', ['110120003004']),
        problem('overlap', ['110120001001001', '110120001001002']),
        problem('overlap', ['110120003004001', '110120003004002']),
        problem('sliver', ['110120002001002']),
      ],
      durationMs: 900,
    }
    const narrowed = restrictToParents(report, new Set(['110120001001', '110120002001']), 'grid')
    expect(narrowed.problems.map((p) => p.codes[0])).toEqual([
      '110120001001',
      '110120001001001',
      '110120002001002',
    ])
    expect(narrowed.counts).toMatchObject({ gap: 1, overlap: 1, sliver: 1 })
    expect(restrictToParents(report, new Set(['110120009001']), 'grid').ok).toBe(true)
  })
})
