import { walkTrack } from '@onegrid/core/fieldwork/patrol-track'
import { mulberry32, type Random } from '@onegrid/core/random'
import { shanghaiDate, shanghaiTime } from '@onegrid/core/time/calendar'
import { sql } from 'kysely'
import type { Actor } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import type { CoverageService } from './coverage.ts'

const seed = 20261202
const minuteMs = 60_000
/** The community whose grids have a month of patrols: 湖滨社区 of 东湖街道. */
export const demoPatrolCommunities = ['110120001001'] as const
/** The street where some workers are on duty now (open patrols with points in the last minutes). */
const onDutyStreet = '110120001'
const onDutyElsewhere = 5
/** The demo's phones record a position every 60 s (the app's default is 20 s): a lighter month to load. */
const sampleS = 60
const days = 30
/** Who writes the demo's positions while it runs. */
export const demoActor: Actor = { userId: null, name: 'demo', ip: null, userAgent: null, requestId: null }
/** Where the demo keeps its patrols on duty, which go on walking while the server runs. */
const liveKey = 'demo.patrols.live'

type Ring = [number, number][]
type Grid = {
  code: string
  path: string
  rings: Ring[]
  west: number
  south: number
  east: number
  north: number
}
type Sample = { at: number; lng: number; lat: number; accuracy: number }
type DemoPatrol = {
  id: string
  userId: number
  grid: Grid
  startedAt: number
  endedAt: number | null
  samples: Sample[]
}

const metresPerDegreeLat = 111_000
const metresPerDegreeLng = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180)

function inside(grid: Grid, lng: number, lat: number): boolean {
  let odd = false
  for (const ring of grid.rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number]
      const [xj, yj] = ring[j] as [number, number]
      if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) odd = !odd
    }
  }
  return odd
}

function pointIn(r: Random, grid: Grid): [number, number] {
  for (let k = 0; k < 200; k++) {
    const lng = grid.west + r() * (grid.east - grid.west)
    const lat = grid.south + r() * (grid.north - grid.south)
    if (inside(grid, lng, lat)) return [lng, lat]
  }
  return [(grid.west + grid.east) / 2, (grid.south + grid.north) / 2]
}

/** A uuid from the seeded stream (so the same seed gives the same ids). */
function uuidOf(r: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((Math.floor(r() * 4) + 8) as number).toString(16)
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * A walk through the grid along street-like legs (east–west, then north–south) between points
 * inside it, at a walking pace, sampled every `sampleS` seconds with the phone's noise and now
 * and then a poor fix. `focus` below 1 keeps the walk to a band of the grid (a worker who walks
 * the main street only).
 */
function walk(r: Random, grid: Grid, startAt: number, minutes: number, focus: number): Sample[] {
  const speed = 1.0 + r() * 0.5
  const band = (v: number, lo: number, hi: number) => lo + (hi - lo) * (0.5 + (v - 0.5) * focus)
  const target = (): [number, number] => {
    const [lng, lat] = pointIn(r, grid)
    return focus >= 1
      ? [lng, lat]
      : [lng, band((lat - grid.south) / (grid.north - grid.south), grid.south, grid.north)]
  }
  let [lng, lat] = pointIn(r, grid)
  const samples: Sample[] = []
  let legs: [number, number][] = []
  const end = startAt + minutes * minuteMs
  for (let t = startAt; t <= end; t += sampleS * 1000) {
    const accuracy = r() < 0.03 ? 120 + r() * 200 : 4 + r() * 18
    const noise = accuracy > 100 ? accuracy : accuracy / 3
    samples.push({
      at: t,
      lng: lng + ((r() - 0.5) * 2 * noise) / metresPerDegreeLng(lat),
      lat: lat + ((r() - 0.5) * 2 * noise) / metresPerDegreeLat,
      accuracy: Math.round(accuracy * 10) / 10,
    })
    // Move on for the next sample: along the current leg, a new pair of legs when it is walked.
    let budget = speed * sampleS * (r() < 0.1 ? 0.2 : 1)
    while (budget > 0) {
      if (legs.length === 0) {
        const [tx, ty] = target()
        legs =
          r() < 0.5
            ? [
                [tx, lat],
                [tx, ty],
              ]
            : [
                [lng, ty],
                [tx, ty],
              ]
      }
      const [tx, ty] = legs[0] as [number, number]
      const dx = (tx - lng) * metresPerDegreeLng(lat)
      const dy = (ty - lat) * metresPerDegreeLat
      const d = Math.hypot(dx, dy)
      if (d <= budget) {
        lng = tx
        lat = ty
        budget -= d
        legs.shift()
      } else {
        lng += (tx - lng) * (budget / d)
        lat += (ty - lat) * (budget / d)
        budget = 0
      }
    }
  }
  return samples
}

export type DemoPatrolsResult = {
  patrols: number
  points: number
  checkIns: number
  gridDays: number
  onDuty: number
}

/**
 * Demo step: a month of patrols in the grids of 湖滨社区 and 和湖社区 — each day one to three of
 * a grid's workers walk it for 20 to 100 minutes (some thoroughly, some along the main street
 * only, some briefly), about one day in eight nobody does — with their check-ins (a few from
 * outside the grid); and a few workers of the street on duty now, their phones' last positions
 * minutes old. Written in bulk, flags by the distance rule, then every grid day computed by the
 * same statement the server uses. Deterministic for a given day.
 */
export async function loadDemoPatrols(deps: {
  db: Db
  clock: Clock
  coverage: CoverageService
  /** Grid workers and the grids they are posted to. */
  workers: () => Promise<{ userId: number; gridCode: string }[]>
  /** The demo grid worker, left off duty (the field app's own patrol starts there). */
  demoWorkerId: number | undefined
}): Promise<DemoPatrolsResult> {
  const r = mulberry32(seed)
  const now = deps.clock.now()
  const { rows: gridRows } = await sql<{ code: string; path: string; geojson: string }>`
    SELECT code, path::text AS path, ST_AsGeoJSON(geom, 7) AS geojson FROM areas
    WHERE level = 'grid' AND geom IS NOT NULL AND code LIKE ${`${onDutyStreet}%`}
    ORDER BY code`.execute(deps.db)
  if (gridRows.length === 0) return { patrols: 0, points: 0, checkIns: 0, gridDays: 0, onDuty: 0 }
  const grids = new Map<string, Grid>()
  for (const g of gridRows) {
    const geometry = JSON.parse(g.geojson) as { coordinates: Ring[][] }
    const rings = geometry.coordinates.flat()
    const xs = rings.flatMap((ring) => ring.map((p) => p[0]))
    const ys = rings.flatMap((ring) => ring.map((p) => p[1]))
    grids.set(g.code, {
      code: g.code,
      path: g.path,
      rings,
      west: Math.min(...xs),
      east: Math.max(...xs),
      south: Math.min(...ys),
      north: Math.max(...ys),
    })
  }
  const workersOf = new Map<string, number[]>()
  for (const w of await deps.workers()) {
    if (!grids.has(w.gridCode)) continue
    workersOf.set(
      w.gridCode,
      [...(workersOf.get(w.gridCode) ?? []), w.userId].sort((a, b) => a - b),
    )
  }

  const patrols: DemoPatrol[] = []
  const monthGrids = [...grids.values()].filter((g) =>
    demoPatrolCommunities.some((c) => g.code.startsWith(c)),
  )
  for (const grid of monthGrids) {
    const workers = workersOf.get(grid.code) ?? []
    if (workers.length === 0) continue
    for (let ago = days; ago >= 0; ago--) {
      const day = shanghaiDate(new Date(now.getTime() - ago * 86_400_000))
      if (r() < 0.12) continue
      const n = r() < 0.8 ? 1 : r() < 0.85 ? 2 : 3
      const first = Math.floor(r() * workers.length)
      for (let k = 0; k < n; k++) {
        const userId = workers[(first + k) % workers.length] as number
        const morning = k % 2 === 0
        const startAt =
          shanghaiTime(day, morning ? '08:30' : '14:00').getTime() +
          Math.floor(r() * (morning ? 150 : 120)) * minuteMs
        const style = r()
        const minutes = style < 0.15 ? 15 + r() * 15 : 30 + r() * 45
        const focus = style < 0.45 ? 1 : 0.25
        if (startAt + minutes * minuteMs > now.getTime()) continue
        const samples = walk(r, grid, startAt, minutes, focus)
        patrols.push({
          id: uuidOf(r),
          userId,
          grid,
          startedAt: startAt - 60_000,
          endedAt: (samples.at(-1)?.at ?? startAt) + 30_000,
          samples,
        })
      }
    }
  }

  // On duty now: a worker of each of a few grids, out for half an hour or so, last seen minutes ago.
  const onDutyGrids = [
    ...monthGrids.slice(0, 2),
    ...[...grids.values()]
      .filter((g) => !monthGrids.includes(g) && (workersOf.get(g.code)?.length ?? 0) > 0)
      .filter((_, i) => i % 17 === 3)
      .slice(0, onDutyElsewhere),
  ]
  let onDuty = 0
  const live: { id: string; userId: number; gridCode: string }[] = []
  for (const grid of onDutyGrids) {
    const userId = (workersOf.get(grid.code) ?? []).find((id) => id !== deps.demoWorkerId)
    if (userId === undefined) continue
    const lastAt = now.getTime() - (1 + Math.floor(r() * 4)) * minuteMs
    const minutes = 20 + Math.floor(r() * 40)
    const startAt = lastAt - minutes * minuteMs
    const id = uuidOf(r)
    live.push({ id, userId, gridCode: grid.code })
    patrols.push({
      id,
      userId,
      grid,
      startedAt: startAt - 60_000,
      endedAt: null,
      samples: walk(r, grid, startAt, minutes, 1),
    })
    onDuty++
  }

  // Check-ins: on at the start, off at the end, near where the walk began and ended; a few from home.
  const checkIns: {
    userId: number
    path: string
    kind: 'on' | 'off'
    at: number
    lng: number
    lat: number
    accuracy: number
  }[] = []
  for (const p of patrols) {
    const first = p.samples[0]
    const last = p.samples.at(-1)
    if (!first || !last) continue
    const away = r() < 0.06
    checkIns.push({
      userId: p.userId,
      path: p.grid.path,
      kind: 'on',
      at: p.startedAt - Math.floor(r() * 8) * minuteMs,
      lng: first.lng + (away ? (300 + r() * 600) / metresPerDegreeLng(first.lat) : 0),
      lat: first.lat + (away ? ((r() - 0.5) * 400) / metresPerDegreeLat : 0),
      accuracy: Math.round(8 + r() * 20),
    })
    if (p.endedAt !== null)
      checkIns.push({
        userId: p.userId,
        path: p.grid.path,
        kind: 'off',
        at: p.endedAt + Math.floor(r() * 3) * minuteMs,
        lng: last.lng,
        lat: last.lat,
        accuracy: Math.round(8 + r() * 20),
      })
  }

  // Rows: the distance rule's flags and segments per point, as the service stores them.
  const patrolRows = patrols.map((p) => {
    const { flags, distanceM } = walkTrack(p.samples)
    return {
      p,
      distanceM,
      usable: flags.filter((f) => f.kept).length,
      points: p.samples.map((s, i) => {
        const f = flags[i]
        const from = f?.joined && f.from !== null ? p.samples[f.from] : undefined
        return {
          at: new Date(s.at).toISOString(),
          day: shanghaiDate(new Date(s.at)),
          lng: s.lng,
          lat: s.lat,
          accuracy: s.accuracy,
          kept: f?.kept ?? false,
          fat: from ? new Date(from.at).toISOString() : null,
          flng: from?.lng ?? null,
          flat: from?.lat ?? null,
          seconds: from ? (s.at - from.at) / 1000 : null,
        }
      }),
    }
  })

  const points = patrolRows.reduce((n, x) => n + x.points.length, 0)

  let gridDays = 0
  await deps.db.transaction().execute(async (trx) => {
    const patrolJson = JSON.stringify(
      patrolRows.map(({ p, distanceM, usable, points }) => ({
        id: p.id,
        user_id: p.userId,
        district_code: p.grid.path.split('.')[0],
        area_code: p.grid.code,
        area_path: p.grid.path,
        started_at: new Date(p.startedAt).toISOString(),
        ended_at: p.endedAt === null ? null : new Date(p.endedAt).toISOString(),
        end_reason: p.endedAt === null ? null : 'app',
        last_point_at: points.at(-1)?.at ?? null,
        point_count: points.length,
        usable_point_count: usable,
        distance_m: distanceM,
      })),
    )
    await sql`
      INSERT INTO patrols (id, user_id, district_code, area_code, area_path, started_at, ended_at, end_reason,
        last_point_at, point_count, usable_point_count, distance_m, grid_days_at, created_at, updated_at)
      SELECT x.id, x.user_id, x.district_code, x.area_code, CAST(x.area_path AS ltree), x.started_at, x.ended_at,
        x.end_reason, x.last_point_at, x.point_count, x.usable_point_count, x.distance_m, ${now},
        x.started_at, coalesce(x.ended_at, x.last_point_at)
      FROM jsonb_to_recordset(${patrolJson}::jsonb) AS x(id uuid, user_id bigint, district_code text,
        area_code text, area_path text, started_at timestamptz, ended_at timestamptz, end_reason text,
        last_point_at timestamptz, point_count int, usable_point_count int, distance_m double precision)`.execute(
      trx,
    )
    const all = patrolRows.flatMap(({ p, points }) =>
      points.map((x) => ({ ...x, patrol_id: p.id, district: p.grid.path.split('.')[0] })),
    )
    for (let i = 0; i < all.length; i += 8_000) {
      await sql`
        INSERT INTO patrol_points
          (patrol_id, at, day, district_code, geom, accuracy, kept, seg, seg_from, seg_s, received_at)
        SELECT x.patrol_id, x.at, x.day, x.district, ST_SetSRID(ST_MakePoint(x.lng, x.lat), 4326), x.accuracy, x.kept,
          CASE WHEN x.flng IS NULL THEN NULL ELSE ST_MakeLine(ST_SetSRID(ST_MakePoint(x.flng, x.flat), 4326),
            ST_SetSRID(ST_MakePoint(x.lng, x.lat), 4326)) END,
          x.fat, x.seconds, x.at
        FROM jsonb_to_recordset(${JSON.stringify(all.slice(i, i + 8_000))}::jsonb) AS x(patrol_id uuid,
          at timestamptz, day date, district text, lng double precision, lat double precision, accuracy real,
          kept boolean, fat timestamptz, flng double precision, flat double precision, seconds real)`.execute(
        trx,
      )
    }
    await sql`
      UPDATE patrols p SET track = t.track
      FROM (
        SELECT patrol_id, ST_MakeLine(geom ORDER BY at) AS track, count(*) AS n
        FROM patrol_points WHERE kept GROUP BY patrol_id
      ) t
      WHERE t.patrol_id = p.id AND t.n >= 2`.execute(trx)
    const checkInJson = JSON.stringify(
      checkIns.map((c) => ({
        ...c,
        at: new Date(c.at).toISOString(),
        day: shanghaiDate(new Date(c.at)),
        district: c.path.split('.')[0],
      })),
    )
    // Inside as the service decides it: in the worker's grid or within the fix's accuracy (up to 50 m) of it.
    await sql`
      INSERT INTO check_ins (user_id, district_code, area_path, kind, at, day, received_at, geom, accuracy, inside, grid_code, distance_m)
      SELECT x."userId", x.district, CAST(x.path AS ltree), x.kind, x.at, x.day, x.at, pt, x.accuracy,
        d <= least(x.accuracy, 50), a.code, CASE WHEN d <= least(x.accuracy, 50) THEN 0 ELSE d END
      FROM jsonb_to_recordset(${checkInJson}::jsonb) AS x("userId" bigint, path text, kind text, at timestamptz,
        day date, district text, lng double precision, lat double precision, accuracy real)
      JOIN areas a ON a.path = CAST(x.path AS ltree)
      CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(x.lng, x.lat), 4326) AS pt) p
      CROSS JOIN LATERAL (SELECT ST_Distance(a.geom::geography, pt::geography) AS d) dist`.execute(trx)
    gridDays = await deps.coverage.recomputeAll(trx, now)
    await trx
      .insertInto('settings')
      .values({ key: liveKey, value: JSON.stringify(live) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(live), updated_at: now }))
      .execute()
  })
  return { patrols: patrols.length, points, checkIns: checkIns.length, gridDays, onDuty }
}

/**
 * Keeps the demo's workers on duty walking while the server runs (a background task, every minute): each
 * open demo patrol gets a position some 60 m on from its last, inside its grid. So the console's map of
 * workers on duty shows them moving, today as on any later day the demo is opened. Patrols a demo
 * visitor ended stay ended.
 */
export async function walkDemoPatrols(deps: {
  db: Db
  clock: Clock
  /** appendPatrolPoints as the patrol's worker. */
  append: (
    userId: number,
    patrolId: string,
    point: { at: string; lng: number; lat: number; accuracy: number },
  ) => Promise<void>
}): Promise<number> {
  const row = await deps.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', liveKey)
    .executeTakeFirst()
  const live = (typeof row?.value === 'string' ? JSON.parse(row.value) : (row?.value ?? [])) as {
    id: string
    userId: number
    gridCode: string
  }[]
  if (live.length === 0) return 0
  const now = deps.clock.now()
  const { rows } = await sql<{ id: string; lng: number; lat: number; at: Date; geojson: string }>`
    SELECT p.id::text AS id, ST_X(q.geom) AS lng, ST_Y(q.geom) AS lat, q.at, ST_AsGeoJSON(a.geom, 7) AS geojson
    FROM patrols p
    JOIN areas a ON a.code = p.area_code
    CROSS JOIN LATERAL (SELECT geom, at FROM patrol_points WHERE patrol_id = p.id ORDER BY at DESC LIMIT 1) q
    WHERE p.ended_at IS NULL AND p.id IN (${sql.join(live.map((l) => sql`${l.id}::uuid`))})`.execute(deps.db)
  const r = mulberry32(Math.floor(now.getTime() / 60_000))
  let walked = 0
  for (const p of rows) {
    const who = live.find((l) => l.id === p.id)
    if (!who || now.getTime() - new Date(p.at).getTime() < 45_000) continue
    const geometry = JSON.parse(p.geojson) as { coordinates: Ring[][] }
    const grid: Grid = {
      code: who.gridCode,
      path: '',
      rings: geometry.coordinates.flat(),
      west: 0,
      south: 0,
      east: 0,
      north: 0,
    }
    let next: [number, number] = [Number(p.lng), Number(p.lat)]
    for (let k = 0; k < 12; k++) {
      const angle = r() * 2 * Math.PI
      const step = 45 + r() * 30
      const lng = Number(p.lng) + (Math.cos(angle) * step) / metresPerDegreeLng(Number(p.lat))
      const lat = Number(p.lat) + (Math.sin(angle) * step) / metresPerDegreeLat
      if (inside(grid, lng, lat)) {
        next = [lng, lat]
        break
      }
    }
    await deps.append(who.userId, p.id, {
      at: now.toISOString(),
      lng: Math.round(next[0] * 1e7) / 1e7,
      lat: Math.round(next[1] * 1e7) / 1e7,
      accuracy: Math.round(5 + r() * 15),
    })
    walked++
  }
  return walked
}
