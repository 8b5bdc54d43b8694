import { createHash } from 'node:crypto'
import { checkAreaParent } from '@onegrid/core/codes/area-code'
import { type LngLat, numberingOrder } from '@onegrid/core/codes/grid-numbering'
import { type RawBuilder, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../../../test/test-app.ts'
import type { App } from '../../../app.ts'
import { demoAreaTree } from '../demo.ts'
import type { AreaNode } from '../service.ts'
import { LNG_SCALE, METRES_PER_DEGREE } from './geometry.ts'
import { gridRowTolerance } from './grids.ts'

const hash = (nodes: AreaNode[]) => createHash('sha256').update(JSON.stringify(nodes)).digest('hex')
const segment = (code: string, from: number) => Number(code.slice(from, from + 3))

describe('demo district 云溪区 (Tongzhou scale, Voronoi)', () => {
  let app: App
  let nodes: AreaNode[]
  const byLevel = (level: AreaNode['level']) => nodes.filter((n) => n.level === level)
  const childrenOf = (code: string) => nodes.filter((n) => n.parentCode === code)

  beforeAll(async () => {
    app = await createTestApp()
    nodes = await demoAreaTree(app.database.db)
    await app.services.areas.saveTree(nodes)
  })
  afterAll(async () => {
    await app.close()
  })

  it('has the seed district’s counts: 15 streets (5 街道, 9 镇, 1 乡), 590 communities, 1,809 grids', () => {
    expect(byLevel('district').map((d) => [d.code, d.name])).toEqual([['110120', '云溪区']])
    const streets = byLevel('street')
    expect(streets).toHaveLength(15)
    const kinds = (test: (seg: number) => boolean, suffix: string) =>
      streets.filter((s) => test(segment(s.code, 6)) && s.name.endsWith(suffix)).length
    expect(kinds((seg) => seg >= 1 && seg <= 5, '街道')).toBe(5)
    expect(kinds((seg) => seg >= 101 && seg <= 109, '镇')).toBe(9)
    expect(kinds((seg) => seg === 201, '乡')).toBe(1)
    expect(byLevel('community')).toHaveLength(590)
    expect(byLevel('grid')).toHaveLength(1809)
  })

  it('gives every area a code that fits its level and its parent, parents listed first', () => {
    const seen = new Map<string, AreaNode>()
    for (const node of nodes) {
      const parent = node.parentCode ? seen.get(node.parentCode) : null
      expect(parent, `parent of ${node.code} listed before it`).not.toBeUndefined()
      const check = checkAreaParent(
        { code: node.code, level: node.level },
        parent ? { code: parent.code, level: parent.level } : null,
      )
      expect(check, node.code).toEqual({ ok: true })
      seen.set(node.code, node)
    }
  })

  it('puts only 社区 in a 街道, and 社区 then 村 in a town, with unique names', () => {
    for (const street of byLevel('street')) {
      const children = childrenOf(street.code)
      const communities = children.filter((c) => segment(c.code, 9) < 200)
      const villages = children.filter((c) => segment(c.code, 9) >= 200)
      expect(communities.every((c) => c.name.endsWith('社区'))).toBe(true)
      expect(villages.every((c) => c.name.endsWith('村'))).toBe(true)
      if (street.name.endsWith('街道')) expect(villages).toHaveLength(0)
      else expect(villages.length).toBeGreaterThan(communities.length)
      // Segments run without holes from 001 and from 200.
      expect(communities.map((c) => segment(c.code, 9))).toEqual(communities.map((_, i) => i + 1))
      expect(villages.map((c) => segment(c.code, 9))).toEqual(villages.map((_, i) => i + 200))
    }
    const names = nodes.map((n) => n.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it('makes 街道 much denser than towns: small communities, 3–5 grids a 社区, 1–3 a 村', () => {
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
    const perStreet = byLevel('street').map((s) => ({ street: s, count: childrenOf(s.code).length }))
    const subdistricts = perStreet.filter((p) => p.street.name.endsWith('街道'))
    const rural = perStreet.filter((p) => !p.street.name.endsWith('街道'))
    expect(mean(subdistricts.map((p) => p.count))).toBeGreaterThan(2 * mean(rural.map((p) => p.count)))
    for (const community of byLevel('community')) {
      const grids = childrenOf(community.code).length
      const [min, max] = community.name.endsWith('社区') ? [3, 5] : [1, 3]
      expect(grids, community.code).toBeGreaterThanOrEqual(min)
      expect(grids, community.code).toBeLessThanOrEqual(max)
    }
  })

  it('numbers the grids of each community west→east, north→south (从西向东、由北至南)', async () => {
    const { rows } = await sql<{ code: string; parent: string; x: number; y: number; parent_m2: number }>`
      SELECT g.code, g.parent_code AS parent, ST_X(ST_Centroid(g.geom)) AS x, ST_Y(ST_Centroid(g.geom)) AS y,
             ST_Area(c.geom::geography) AS parent_m2
      FROM areas g JOIN areas c ON c.code = g.parent_code
      WHERE g.level = 'grid' ORDER BY g.code`.execute(app.database.db)
    const byCommunity = new Map<string, typeof rows>()
    for (const r of rows) byCommunity.set(r.parent, [...(byCommunity.get(r.parent) ?? []), r])
    expect(byCommunity.size).toBe(590)
    for (const [code, grids] of byCommunity) {
      expect(grids.map((g) => segment(g.code, 12))).toEqual(grids.map((_, i) => i + 1))
      const centroids = grids.map((g): LngLat => [Number(g.x), Number(g.y)])
      const tolerance = gridRowTolerance(Number(grids[0]?.parent_m2), grids.length)
      expect(numberingOrder(centroids, tolerance), code).toEqual(grids.map((_, i) => i))
      // Whatever the rows, the next grid is never north-west of the one before it.
      for (let i = 1; i < centroids.length; i++) {
        const [a, b] = [centroids[i - 1] as LngLat, centroids[i] as LngLat]
        expect(b[0] < a[0] && b[1] > a[1], `${code}: grid ${i + 1} north-west of grid ${i}`).toBe(false)
      }
      // The first grid is in the northernmost row.
      expect(Math.max(...centroids.map((c) => c[1])) - (centroids[0]?.[1] ?? 0)).toBeLessThanOrEqual(
        tolerance,
      )
    }
  })

  it('covers about 906 km² around lng 116.6–116.9, lat 39.6–40.0', async () => {
    const { rows } = await sql<{ km2: number; west: number; east: number; south: number; north: number }>`
      SELECT ST_Area(geom::geography) / 1e6 AS km2, ST_XMin(geom) AS west, ST_XMax(geom) AS east,
             ST_YMin(geom) AS south, ST_YMax(geom) AS north
      FROM areas WHERE code = '110120'`.execute(app.database.db)
    const d = rows[0]
    expect(Number(d?.km2)).toBeGreaterThan(906 * 0.95)
    expect(Number(d?.km2)).toBeLessThan(906 * 1.05)
    expect(Number(d?.west)).toBeGreaterThan(116.56)
    expect(Number(d?.east)).toBeLessThan(116.94)
    expect(Number(d?.south)).toBeGreaterThan(39.58)
    expect(Number(d?.north)).toBeLessThan(40.02)
    // An irregular outline, not a box.
    expect(nodes[0]?.geometry?.coordinates[0]?.[0]?.length).toBeGreaterThanOrEqual(90)
  })

  // Overlays run with snap-rounding on a 1e-12° grid (a micrometre): in floating precision GEOS
  // may give up on near-collinear edges, which PGlite reports as an empty result, not an error.
  // Areas are planar (degrees² → m² at the district's latitude): a zero-width sliver measured
  // as geography would bulge along its geodesic edges.
  const m2 = (geom: RawBuilder<unknown>) =>
    sql<number>`ST_Area(${geom}) * ${METRES_PER_DEGREE ** 2 * LNG_SCALE}`

  it('leaves no overlap between siblings (< 0.5 m²) at any level', async () => {
    const { rows } = await sql<{ level: string; pairs: number; worst_m2: number | null }>`
      SELECT a.level, count(*)::int AS pairs, max(${m2(sql`ST_Intersection(a.geom, b.geom, 1e-12)`)}) AS worst_m2
      FROM areas a JOIN areas b ON b.parent_code = a.parent_code AND a.code < b.code
      WHERE a.path <@ '110120' AND ST_Intersects(a.geom, b.geom)
      GROUP BY a.level ORDER BY a.level`.execute(app.database.db)
    expect(rows.map((r) => r.level)).toEqual(['community', 'grid', 'street'])
    for (const r of rows) {
      expect(r.pairs, `${r.level}: touching sibling pairs`).toBeGreaterThan(0)
      expect(Number(r.worst_m2), `${r.level}: worst overlap`).toBeLessThan(0.5)
    }
  })

  it('leaves no gap inside any parent, and nothing outside it (< 0.5 m²)', async () => {
    const { rows } = await sql<{ level: string; parents: number; worst_gap: number; worst_outside: number }>`
      SELECT p.level, count(*)::int AS parents,
             max(${m2(sql`ST_Difference(p.geom, u.geom, 1e-12)`)}) AS worst_gap,
             max(${m2(sql`ST_Difference(u.geom, p.geom, 1e-12)`)}) AS worst_outside
      FROM areas p
      CROSS JOIN LATERAL (SELECT ST_Union(c.geom, 1e-12) AS geom FROM areas c WHERE c.parent_code = p.code) u
      WHERE p.path <@ '110120' AND u.geom IS NOT NULL
      GROUP BY p.level ORDER BY p.level`.execute(app.database.db)
    expect(rows.map((r) => [r.level, r.parents])).toEqual([
      ['community', 590],
      ['district', 1],
      ['street', 15],
    ])
    for (const r of rows) {
      expect(Number(r.worst_gap), `${r.level}: worst gap`).toBeLessThan(0.5)
      expect(Number(r.worst_outside), `${r.level}: worst part outside`).toBeLessThan(0.5)
    }
  })

  it('makes about 5 % of grids dedicated (专属), mostly in 街道, and gives every grid believable figures', async () => {
    const grids = byLevel('grid')
    const dedicated = grids.filter((g) => g.gridType === 'dedicated')
    expect(dedicated.length / grids.length).toBeGreaterThanOrEqual(0.04)
    expect(dedicated.length / grids.length).toBeLessThanOrEqual(0.06)
    const inSubdistricts = dedicated.filter((g) => segment(g.code, 6) <= 5)
    expect(inSubdistricts.length / dedicated.length).toBeGreaterThan(0.7)
    const communityName = new Map(byLevel('community').map((c) => [c.code, c.name]))
    for (const g of grids) {
      const community = communityName.get(g.parentCode ?? '') ?? ''
      const urban = community.endsWith('社区')
      const households = g.households ?? -1
      const population = g.population ?? -1
      expect(g.responsibleParty).toBe(`${community}${urban ? '居委会' : '村委会'}`)
      if (g.gridType === 'dedicated') {
        expect(g.name).toBe(`${g.servedUnit}专属网格`)
        expect(households).toBeGreaterThanOrEqual(0)
        expect(households).toBeLessThanOrEqual(60)
        expect(population).toBeGreaterThan(households * 2.3)
      } else {
        expect(g.gridType).toBe('basic')
        expect(g.servedUnit).toBeNull()
        expect(g.name).toMatch(new RegExp(`^${community}第[一二三四五六七八九十]+网格$`))
        const [low, high] = urban ? [300, 600] : [150, 450]
        expect(households).toBeGreaterThanOrEqual(low)
        expect(households).toBeLessThanOrEqual(high)
        expect(population).toBeGreaterThanOrEqual(Math.floor(households * 2.3))
        expect(population).toBeLessThanOrEqual(Math.ceil(households * 3.1))
      }
    }
    const stored = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM areas WHERE grid_type = 'dedicated' AND served_unit IS NOT NULL`.execute(
      app.database.db,
    )
    expect(stored.rows[0]?.n).toBe(dedicated.length)
  })

  it('holds the places the demo accounts, tests and journeys are bound to, under the names they know', () => {
    const name = new Map(nodes.map((n) => [n.code, n.name]))
    expect(name.get('110120001')).toBe('东湖街道')
    expect(name.get('110120002')).toBe('西园街道')
    expect(name.get('110120001001')).toBe('湖滨社区')
    expect(name.get('110120001001001')).toBe('湖滨社区第一网格')
  })

  it('is deterministic: the same seed gives the same district, another seed another one', async () => {
    const again = await demoAreaTree(app.database.db)
    expect(hash(again)).toBe(hash(nodes))
    const other = await demoAreaTree(app.database.db, { seed: 7 })
    expect(hash(other)).not.toBe(hash(nodes))
    expect(other.filter((n) => n.level === 'grid')).toHaveLength(1809)
    expect(other.filter((n) => n.level === 'community')).toHaveLength(590)
  })
})
