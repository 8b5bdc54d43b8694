import type { LngLat } from '@onegrid/core/codes/grid-numbering'
import { sql } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import { LNG_SCALE, type MultiPolygon } from './geometry.ts'

/**
 * Voronoi tessellation of parents into children, in PostGIS. Each child is the Voronoi cell
 * of its seed clipped by the parent itself, so siblings cover the parent with no gap and no
 * overlap. Geometry travels between SQL and JavaScript at full precision
 * (`ST_AsGeoJSON(geom, 15)` both ways), so edges shared by siblings stay bit-identical.
 * Where a cell edge crosses the parent's boundary the children get a vertex the parent does
 * not list; it lies on the parent's edge up to rounding (the areas agree to mm²), so overlay
 * checks of parent against children should snap-round (PostGIS `gridSize`, e.g. 1e-12).
 *
 * The diagram is built with longitude scaled by cos(latitude), so cells are even on the
 * ground; the cells are scaled back before clipping, and clipping uses the parent unchanged.
 * Read-only: one SELECT for any number of parents, no table written.
 */

export type Cell = {
  geometry: MultiPolygon
  areaM2: number
  centroid: LngLat
  /** The centroid when it lies inside the cell, otherwise a point on its surface. */
  inside: LngLat
}

export type TessellationJob = { parent: MultiPolygon; seeds: readonly LngLat[] }

type CellRow = {
  job: number
  seed: number
  empty: boolean
  geojson: string | null
  area_m2: number
  cx: number
  cy: number
  ix: number
  iy: number
}

/**
 * The cells of every job's seeds, `cells[job][seed]`. A job with one seed gets its parent back.
 *
 * Clipping runs in floating precision. Should GEOS fail on a near-degenerate cell (PGlite's
 * WASM build then silently returns no rows at all, where PostgreSQL would raise a
 * TopologyException), the statement is repeated with snap-rounding on a 1e-12° grid
 * (a micrometre), which cannot fail.
 */
export async function tessellate(db: Db, jobs: readonly TessellationJob[]): Promise<Cell[][]> {
  const rows = await robustly(db, jobs, true)
  const cells: Cell[][] = jobs.map(() => [])
  for (const row of rows) {
    const job = jobs[row.job] as TessellationJob
    ;(cells[row.job] as Cell[])[row.seed] = {
      geometry: row.geojson === null ? job.parent : (JSON.parse(row.geojson) as MultiPolygon),
      areaM2: Number(row.area_m2),
      centroid: [Number(row.cx), Number(row.cy)],
      inside: [Number(row.ix), Number(row.iy)],
    }
  }
  return cells
}

/** For each seed, its cell's centroid, or a point inside the cell when the centroid is not. */
async function cellPoints(db: Db, jobs: readonly TessellationJob[]): Promise<LngLat[][]> {
  const points: LngLat[][] = jobs.map(() => [])
  for (const row of await robustly(db, jobs, false)) {
    ;(points[row.job] as LngLat[])[row.seed] = [Number(row.ix), Number(row.iy)]
  }
  return points
}

async function robustly(db: Db, jobs: readonly TessellationJob[], full: boolean): Promise<CellRow[]> {
  if (jobs.length === 0) return []
  const rows =
    (await tessellateAt(db, jobs, -1, full).catch(() => null)) ?? (await tessellateAt(db, jobs, 1e-12, full))
  if (!rows) throw new Error('the tessellation left some seeds without a cell, even with snap-rounding')
  return rows
}

/**
 * One statement for all jobs; `gridSize` -1 is floating precision. Without `full`, only the
 * points come back (for Lloyd's rounds), not the geometry and area. Null when a seed got no
 * cell or an empty one.
 */
async function tessellateAt(
  db: Db,
  jobs: readonly TessellationJob[],
  gridSize: number,
  full: boolean,
): Promise<CellRow[] | null> {
  const payload = JSON.stringify(jobs.map((j) => ({ parent: j.parent, seeds: j.seeds })))
  const { rows } = await sql<CellRow>`
    WITH job AS (
      SELECT (j.ordinality - 1)::int AS job,
             ST_SetSRID(ST_GeomFromGeoJSON(j.value ->> 'parent'), 4326) AS parent,
             j.value -> 'seeds' AS seeds,
             jsonb_array_length(j.value -> 'seeds') AS n
      FROM jsonb_array_elements(${payload}::jsonb) WITH ORDINALITY AS j(value, ordinality)
    ), seed AS (
      SELECT job.job, (s.ordinality - 1)::int AS seed,
             ST_SetSRID(ST_MakePoint((s.value ->> 0)::float8, (s.value ->> 1)::float8), 4326) AS pt
      FROM job, jsonb_array_elements(job.seeds) WITH ORDINALITY AS s(value, ordinality)
    ), diagram AS (
      SELECT job.job, job.parent,
             ST_Scale(
               ST_VoronoiPolygons(
                 ST_Scale(v.points, ${LNG_SCALE}::float8, 1),
                 0,
                 ST_Scale(ST_Expand(ST_Envelope(job.parent), 0.05), ${LNG_SCALE}::float8, 1)),
               1 / ${LNG_SCALE}::float8, 1) AS cells
      FROM job
      CROSS JOIN LATERAL (SELECT ST_Collect(seed.pt ORDER BY seed.seed) AS points FROM seed WHERE seed.job = job.job) v
      WHERE job.n > 1
    ), clipped AS (
      SELECT seed.job, seed.seed,
             ST_Multi(ST_CollectionExtract(ST_Intersection(d.cell, d.parent, ${gridSize}::float8), 3)) AS geom, false AS whole
      FROM (SELECT diagram.job, diagram.parent, (ST_Dump(diagram.cells)).geom AS cell FROM diagram) d
      JOIN seed ON seed.job = d.job AND ST_Contains(d.cell, seed.pt)
      UNION ALL
      SELECT job.job, 0, job.parent, true FROM job WHERE job.n = 1
    )
    SELECT c.job, c.seed, ST_IsEmpty(c.geom) AS empty,
           CASE WHEN c.whole OR NOT ${full} THEN NULL ELSE ST_AsGeoJSON(c.geom, 15) END AS geojson,
           CASE WHEN ${full} THEN ST_Area(c.geom::geography) ELSE 0 END AS area_m2,
           ST_X(p.centroid) AS cx, ST_Y(p.centroid) AS cy,
           ST_X(p.inside) AS ix, ST_Y(p.inside) AS iy
    FROM clipped c
    CROSS JOIN LATERAL (SELECT ST_Centroid(c.geom) AS centroid) m
    CROSS JOIN LATERAL (
      SELECT m.centroid,
             CASE WHEN ST_Intersects(c.geom, m.centroid) THEN m.centroid ELSE ST_PointOnSurface(c.geom) END AS inside
    ) p
    ORDER BY c.job, c.seed`.execute(db)

  const seen = jobs.map((job) => new Array<boolean>(job.seeds.length).fill(false))
  for (const row of rows) {
    const list = seen[row.job]
    if (!list || row.seed >= list.length || row.empty) return null
    list[row.seed] = true
  }
  return seen.every((list) => list.every(Boolean)) ? rows : null
}

export type RelaxJob = TessellationJob & {
  /** Seeds that stay where they are (e.g. the 社区 at a town's centre); the rest move. */
  fixed?: readonly boolean[]
}

/**
 * Lloyd relaxation: `iterations` times, every free seed moves to the centroid of its
 * clipped cell (or a point inside it); then the final cells. One SELECT per round.
 */
export async function relaxedTessellation(
  db: Db,
  jobs: readonly RelaxJob[],
  iterations: number,
): Promise<Cell[][]> {
  let current = jobs
  for (let round = 0; round < iterations; round++) {
    const points = await cellPoints(db, current)
    current = current.map((job, j) => ({
      ...job,
      seeds: job.seeds.map((seed, s) => (job.fixed?.[s] ? seed : (points[j]?.[s] ?? seed))),
    }))
  }
  return tessellate(db, current)
}
