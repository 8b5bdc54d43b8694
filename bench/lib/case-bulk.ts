/**
 * Bulk cases for the list benchmarks: a year of a district's cases generated inside the database
 * with `INSERT ... SELECT generate_series` (no rows cross the wire), on the server's own `cases` table
 * after its migrations, the demo district's grids and the default catalog are in place.
 *
 * Distributions (from the run's seed through `setseed`, so the same seed gives the same rows):
 *   - reported_at: case n of N was reported (1 − n/N) × 365 days ago (± half an hour), so ids and the
 *     heap grow with time as in the real table; updated_at and closed_at after it, never after `now`;
 *   - status: about 95 % archived; the other 5 % (most of the last 60 days' cases, a few older ones that
 *     linger) over the open statuses and closed (see STATUS_OF);
 *   - place: a grid of the district, uniform (area_path, area_code, grid_code of that grid), the location
 *     its point on surface ± 0.001°;
 *   - item: a current, admitted catalog version (item_code and item_version_id valid), skewed so a few
 *     items are common (index ⌊n·u²⌋); title the item's name;
 *   - channel 60 % grid worker, 25 % hotline, 8 % 12345, 4 % patrol, 3 % citizen; staff reports name one
 *     of `reporterIds`, the others a masked resident; urgency 85/12/3 % normal/urgent/critical; level
 *     50/30/20 % community/street/district; dispatched and later cases a handler from `handlerIds`;
 *   - open cases: due 1.5 days ago to 8.5 days ahead (so about 15 % are overdue), 3 % supervised,
 *     5 % of those in handling with an extension pending; next_alarm_at stays NULL so the deadline sweep
 *     leaves the generated cases alone while the lists are measured.
 * The table's secondary indexes (all but the primary key and the unique code) are dropped before the
 * load and created again from their own definitions afterwards; then VACUUM (ANALYZE).
 */

/** One connection (session settings and temporary tables must stay on it). */
export interface Session {
  query(text: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>
}

export interface BulkOptions {
  rows: number
  /** Rows per INSERT statement. */
  batch: number
  seed: number
  now: Date
  /** Staff who report (grid workers); at least one. */
  reporterIds: readonly number[]
  /** People cases are dispatched to; at least one. */
  handlerIds: readonly number[]
  log(message: string): void
}

export interface BulkResult {
  rows: number
  insertMs: number
  indexMs: number
  vacuumMs: number
  /** Secondary indexes dropped and created again. */
  indexes: string[]
  /** Whether foreign-key triggers were skipped (session_replication_role = replica, needs a superuser). */
  skippedTriggers: boolean
  tableMB: number
  indexMB: number
}

const ints = (ids: readonly number[]): string => {
  if (ids.length === 0 || ids.some((id) => !Number.isSafeInteger(id)))
    throw new Error('bulk cases need integer user ids')
  return `ARRAY[${ids.join(',')}]::bigint[]`
}

/**
 * The status of case `n` of `N`: case n was reported (1 − n/N) × 365 days ago, so ids grow with time as
 * they do in the table (a case is inserted when it is reported). Cases of the last 60 days (16.4 % of
 * them) are still open or closed with probability 0.28, older ones with 0.005 (cases that linger):
 * 5 % in all. Among those, by r_s2: 待受理 12 %, 待立案 6 %, 待派遣 6 %, 待签收 10 %, 处置中 30 %,
 * 待审定 2 %, 待核查 10 %, 待结案 6 %, 待回访 18 %.
 */
const STATUS_OF = `CASE
  WHEN r_status >= CASE WHEN age_days < 60 THEN 0.28 ELSE 0.005 END THEN 'archived'
  WHEN r_s2 < 0.12 THEN 'reported'
  WHEN r_s2 < 0.18 THEN 'accepted'
  WHEN r_s2 < 0.24 THEN 'registered'
  WHEN r_s2 < 0.34 THEN 'dispatched'
  WHEN r_s2 < 0.64 THEN 'handling'
  WHEN r_s2 < 0.66 THEN 'returned'
  WHEN r_s2 < 0.76 THEN 'handled'
  WHEN r_s2 < 0.82 THEN 'verified'
  ELSE 'closed' END`

const OPEN = `('reported','accepted','registered','dispatched','handling','returned','handled','verified')`

function insertSql(o: BulkOptions): string {
  return `
INSERT INTO cases (code, district_code, channel, item_code, item_version_id, title, description, address,
  location, area_code, area_path, grid_code, boundary_version, urgency, level, status,
  handler_user_id, reporter_kind, reporter_user_id, reporter_name_masked, reporter_phone_masked,
  supervised, pending_extension, overdue, rework_count, satisfaction,
  due_at, warn_at, due_stage, reported_at, updated_at, closed_at, version)
SELECT
  t.district || to_char(t.reported_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(t.n::text, 7, '0'),
  t.district, t.channel, it.code, it.version_id, it.name,
  it.name || '：' || t.address || '附近，网格员巡查发现，已拍照取证，请相关单位尽快处置并反馈。',
  t.address,
  ST_SetSRID(ST_MakePoint(g.lng + t.jx, g.lat + t.jy), 4326),
  g.code, g.path, g.code, 1, t.urgency, t.level, t.status,
  CASE WHEN t.status IN ('dispatched','handling','handled','verified','closed','archived')
    THEN (${ints(o.handlerIds)})[1 + (t.n % ${o.handlerIds.length})] END,
  CASE WHEN t.channel IN ('grid_worker','patrol') THEN 'staff' ELSE 'resident' END,
  CASE WHEN t.channel IN ('grid_worker','patrol') THEN (${ints(o.reporterIds)})[1 + (t.n % ${o.reporterIds.length})] END,
  CASE WHEN t.channel IN ('grid_worker','patrol') THEN NULL
    ELSE (ARRAY['王','李','张','刘','陈','杨','赵','黄'])[1 + t.n % 8] || '*' || (ARRAY['华','明','芳','军','敏','静'])[1 + t.n % 6] END,
  CASE WHEN t.channel IN ('grid_worker','patrol') THEN NULL
    ELSE '1' || (3 + t.n % 7)::text || (t.n % 10)::text || '****' || lpad((t.n % 10000)::text, 4, '0') END,
  t.status IN ${OPEN} AND t.r_flag < 0.03,
  t.status = 'handling' AND t.r_flag2 < 0.05,
  CASE WHEN t.status IN ${OPEN} THEN t.due_at < $3::timestamptz ELSE t.r_flag < 0.04 END,
  CASE WHEN t.status = 'archived' AND t.r_flag2 < 0.05 THEN 1 ELSE 0 END,
  CASE WHEN t.status <> 'archived' THEN NULL WHEN t.r_flag3 < 0.85 THEN 'satisfied'
    WHEN t.r_flag3 < 0.97 THEN 'basically' ELSE 'unsatisfied' END,
  t.due_at,
  CASE WHEN t.due_at IS NOT NULL THEN GREATEST(t.reported_at, t.due_at - interval '1 day') END,
  CASE t.status WHEN 'reported' THEN 'accept' WHEN 'accepted' THEN 'accept' WHEN 'registered' THEN 'dispatch'
    WHEN 'dispatched' THEN 'sign' WHEN 'handling' THEN 'handle' WHEN 'returned' THEN 'dispatch'
    WHEN 'handled' THEN 'verify' WHEN 'verified' THEN 'overall' END,
  t.reported_at,
  t.updated_at,
  CASE WHEN t.status IN ('closed','archived') THEN t.updated_at END,
  CASE WHEN t.status = 'archived' THEN 10 ELSE 1 + floor(t.r_flag3 * 8)::int END
FROM (
  SELECT u.*,
    CASE WHEN u.status IN ${OPEN}
      THEN GREATEST(u.reported_at + interval '2 hours', $3::timestamptz + (u.r_due * 10 - 1.5) * interval '1 day') END AS due_at,
    LEAST($3::timestamptz, u.reported_at + CASE WHEN u.status = 'archived' THEN u.r_upd * interval '15 days'
      ELSE u.r_upd * ($3::timestamptz - u.reported_at) END) AS updated_at
  FROM (
    SELECT s.*, '110120'::text AS district,
      ${STATUS_OF} AS status,
      $3::timestamptz - age_days * interval '1 day' AS reported_at,
      CASE WHEN r_ch < 0.60 THEN 'grid_worker' WHEN r_ch < 0.85 THEN 'hotline' WHEN r_ch < 0.93 THEN 'platform_12345'
        WHEN r_ch < 0.97 THEN 'patrol' ELSE 'citizen' END AS channel,
      CASE WHEN r_urg < 0.85 THEN 'normal' WHEN r_urg < 0.97 THEN 'urgent' ELSE 'critical' END AS urgency,
      CASE WHEN r_lvl < 0.5 THEN 'community' WHEN r_lvl < 0.8 THEN 'street' ELSE 'district' END AS level,
      '云溪区' || (ARRAY['通惠路','新华大街','玉带河大街','梨园路','九棵树路','土桥路','云景东路','北苑路'])[1 + n % 8]
        || (1 + n % 300)::text || '号' AS address
    FROM (
      SELECT n, (1 - n::float8 / $4::int) * 365 + random() * 0.02 AS age_days,
        random() AS r_status, random() AS r_s2, random() AS r_ch, random() AS r_urg, random() AS r_lvl,
        random() AS r_flag, random() AS r_flag2, random() AS r_flag3, random() AS r_due, random() AS r_upd,
        (random() - 0.5) * 0.002 AS jx, (random() - 0.5) * 0.002 AS jy,
        floor(random() * (SELECT count(*) FROM bench_bulk_grids))::int AS gi,
        floor(power(random(), 2) * (SELECT count(*) FROM bench_bulk_items))::int AS ii
      FROM generate_series($1::int, $2::int) AS n
      OFFSET 0
    ) s
    OFFSET 0
  ) u
  OFFSET 0
) t
JOIN bench_bulk_grids g ON g.i = t.gi
JOIN bench_bulk_items it ON it.i = t.ii`
}

/** Generates `rows` cases into `cases`; see the file comment. `session` must be one connection. */
export async function bulkLoadCases(session: Session, o: BulkOptions): Promise<BulkResult> {
  const indexes = await session.query(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = 'cases'::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
      ORDER BY i.relname`,
  )
  const defs = indexes.rows.map((r) => ({ name: String(r.name), def: String(r.def) }))

  await session.query('DROP TABLE IF EXISTS bench_bulk_grids, bench_bulk_items')
  await session.query(
    `CREATE TEMP TABLE bench_bulk_grids AS
       SELECT (row_number() OVER (ORDER BY code))::int - 1 AS i, code, path, ST_X(p) AS lng, ST_Y(p) AS lat
       FROM (SELECT code, path, ST_PointOnSurface(geom) AS p FROM areas WHERE level = 'grid' AND geom IS NOT NULL) a`,
  )
  await session.query(
    `CREATE TEMP TABLE bench_bulk_items AS
       SELECT (row_number() OVER (ORDER BY v.item_code))::int - 1 AS i, v.item_code AS code, v.id AS version_id, v.name
       FROM catalog_item_versions v JOIN catalog_items ci ON ci.code = v.item_code AND ci.current_version = v.version
       WHERE v.admitted AND NOT ci.retired`,
  )
  const counts = await session.query(
    'SELECT (SELECT count(*) FROM bench_bulk_grids) AS grids, (SELECT count(*) FROM bench_bulk_items) AS items',
  )
  const grids = Number(counts.rows[0]?.grids)
  const items = Number(counts.rows[0]?.items)
  if (grids === 0 || items === 0)
    throw new Error(`bulk cases need grids and items (${grids} grids, ${items} items)`)
  o.log(
    `bulk cases: ${grids} grids, ${items} admitted items; dropping ${defs.length} secondary indexes of cases`,
  )

  let skippedTriggers = false
  try {
    // Every generated reference is valid by construction; skip the per-row foreign-key triggers.
    await session.query('SET session_replication_role = replica')
    skippedTriggers = true
  } catch {
    // not a superuser: the foreign keys are checked row by row
  }
  // Shanghai days for the codes; a fixed seed for random().
  await session.query(`SELECT setseed(${((o.seed % 1_000_003) / 1_000_003).toFixed(9)})`)
  for (const { name } of defs) await session.query(`DROP INDEX ${name}`)

  const insert = insertSql(o)
  const t0 = performance.now()
  for (let from = 1; from <= o.rows; from += o.batch) {
    const to = Math.min(o.rows, from + o.batch - 1)
    await session.query(insert, [from, to, o.now, o.rows])
    if (to === o.rows || (to / o.batch) % 5 === 0)
      o.log(`bulk cases: ${to.toLocaleString('en-US')} rows in ${Math.round(performance.now() - t0)} ms`)
  }
  const insertMs = performance.now() - t0
  if (skippedTriggers) await session.query('SET session_replication_role = DEFAULT')

  const i0 = performance.now()
  await session.query(`SET maintenance_work_mem = '256MB'`)
  for (const { def } of defs) await session.query(def)
  await session.query('RESET maintenance_work_mem')
  const indexMs = performance.now() - i0
  const v0 = performance.now()
  await session.query('VACUUM (ANALYZE) cases')
  const vacuumMs = performance.now() - v0
  await session.query('DROP TABLE bench_bulk_grids, bench_bulk_items')
  const size = await session.query(
    `SELECT pg_table_size('cases'::regclass) AS t, pg_indexes_size('cases'::regclass) AS i`,
  )
  return {
    rows: o.rows,
    insertMs,
    indexMs,
    vacuumMs,
    indexes: defs.map((d) => d.name),
    skippedTriggers,
    tableMB: Number(size.rows[0]?.t) / 1024 ** 2,
    indexMB: Number(size.rows[0]?.i) / 1024 ** 2,
  }
}
