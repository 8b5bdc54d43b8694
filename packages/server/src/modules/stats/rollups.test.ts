import type { Grouping } from '@onegrid/core/api/stats'
import { channels } from '@onegrid/core/catalog/vocabulary'
import { type PeriodKind, periodKinds, periodOf } from '@onegrid/core/stats/periods'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../../test/identity-fixtures.ts'
import { generateCases } from '../../../test/stat-cases.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { caseWorld } from '../cases/test-fixtures.ts'
import type { StatFilter } from './kpi-queries.ts'
import { RollupStore } from './rollup-store.ts'

/**
 * The kept numbers (rollups of standard periods, facts of custom ones) equal the
 * direct computation over the cases, for 100,000 generated cases of a year with
 * every status, channel and deadline situation; after changes counted by the
 * catch-up (the deltas); and after a rebuild.
 */

const CASES = Number(process.env.DEV_CASES ?? 100_000)
const SEED = 20_261_202
/** Generating, counting and deriving 100,000 cases again and again takes minutes on PGlite. */
const LONG = 3_600_000
const days = ['2026-02-16', '2026-06-30', '2026-12-31'] as const
const groupings: readonly Grouping[] = [
  'street',
  'community',
  'grid',
  'category',
  'major',
  'channel',
  'department',
  'reporter',
  'handler',
]

/** 100,000 cases: on PostgreSQL (CI runs it there); on PGlite, where it takes most of an hour, with ONEGRID_LARGE_TESTS=1. */
const large = Boolean(process.env.TEST_DATABASE_URL || process.env.ONEGRID_LARGE_TESTS)

describe.skipIf(!large)('rollups equal the direct computation over generated cases', () => {
  let app: App
  let store: RollupStore
  let district: StatFilter
  const db = () => app.database.db

  beforeAll(async () => {
    app = await createTestApp()
    const { units } = await caseWorld(app)
    // More departments and their handlers, so the department and handler breakdowns have several rows.
    for (const [name, area, path, body] of [
      ['住房和城乡建设局', '110120', '110120', 'zhujian'],
      ['市场监督管理局', '110120', '110120', 'shichang'],
      ['望湖街道综合执法平台', '110120002', '110120.110120002', 'zhifa'],
    ] as const) {
      const id = Number(
        (
          await db()
            .insertInto('units')
            .values({
              name,
              kind: 'department',
              area_code: area,
              area_path: path,
              body_code: body,
              created_at: new Date(),
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      )
      await createUser(app, { username: `r_${body}`, role: 'dept_handler', unitId: id })
    }
    await createUser(app, { username: 'r_chengguan2', role: 'dept_handler', unitId: units.chengguan })
    await createUser(app, { username: 'r_worker2', role: 'grid_worker', areaCode: '110120002001002' })
    await generateCases(db(), {
      seed: SEED,
      count: CASES,
      from: '2026-01-01',
      to: '2026-12-31',
      profile: 'realistic',
      skipTriggers: true,
    })
    store = new RollupStore(db())
    await store.drain(10_000)
    const leader = await app.database.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', '=', 'c_leader')
      .executeTakeFirstOrThrow()
    const principal = await app.services.sessions.principalFor(
      Number(leader.id),
      leader.username,
      'test',
      false,
    )
    district = (await app.services.stats.resolveScope(principal, {})).filter
  }, LONG)
  afterAll(async () => {
    await app.close()
  })

  const same = async (kind: PeriodKind, day: string, filter: StatFilter, groupBy: Grouping) => {
    const period = periodOf(kind, day)
    const kept = await app.services.stats.measure(period, filter, groupBy)
    const direct = await app.services.stats.raw(period, filter, groupBy)
    expect(
      kept.rows,
      `${kind} ${day} ${groupBy} ${JSON.stringify({ ...filter, areaPaths: undefined })}`,
    ).toEqual(direct)
    return kept
  }

  it('generates every status, channel and deadline situation', { timeout: LONG }, async () => {
    const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(db())).rows
    const statuses = await one<{ status: string; n: number }>(
      sql`SELECT status, count(*)::int AS n FROM cases GROUP BY status`,
    )
    expect(statuses.map((s) => s.status).sort()).toEqual(
      [
        'accepted',
        'archived',
        'closed',
        'dispatched',
        'handled',
        'handling',
        'merged',
        'registered',
        'rejected',
        'reported',
        'returned',
        'verified',
      ].sort(),
    )
    const used = await one<{ channel: string }>(sql`SELECT DISTINCT channel FROM cases`)
    expect(used.map((c) => c.channel).sort()).toEqual([...channels].sort())
    const [f] = await one<Record<string, number>>(sql`
      SELECT
        count(*) FILTER (WHERE self_handled) AS self_handled,
        count(*) FILTER (WHERE on_time AND handled_day IS NOT NULL) AS on_time,
        count(*) FILTER (WHERE NOT on_time AND handled_day IS NOT NULL) AS late,
        count(*) FILTER (WHERE handled_day IS NULL AND due_day IS NOT NULL AND due_day < DATE '2026-12-31') AS open_overdue,
        count(*) FILTER (WHERE on_time AND date_trunc('month', handled_day) < date_trunc('month', due_day)) AS early,
        count(*) FILTER (WHERE extended) AS extended,
        count(*) FILTER (WHERE reworked > 0) AS reworked,
        count(*) FILTER (WHERE returned AND shirked > 0) AS shirked,
        count(*) FILTER (WHERE returned AND shirked = 0) AS reassigned,
        count(*) FILTER (WHERE supervised_day IS NOT NULL) AS supervised,
        count(*) FILTER (WHERE followup_day IS NOT NULL AND NOT reached) AS unreached,
        count(*) FILTER (WHERE satisfaction = 'satisfied') AS satisfied,
        count(*) FILTER (WHERE satisfaction = 'basically') AS basically,
        count(*) FILTER (WHERE satisfaction = 'unsatisfied') AS unsatisfied,
        count(*) FILTER (WHERE closed_day IS NOT NULL AND close_due_day IS NOT NULL AND NOT closed_in_time) AS closed_late
      FROM stat_case_facts`)
    for (const [k, v] of Object.entries(f ?? {})) expect(Number(v), k).toBeGreaterThan(0)
    const [c] = await one<Record<string, number>>(sql`
      SELECT
        count(*) FILTER (WHERE status = 'dispatched' AND due_stage = 'sign' AND overdue) AS never_signed_overdue,
        count(*) FILTER (WHERE suspended) AS suspended,
        count(*) FILTER (WHERE status = 'handling' AND overdue) AS handling_overdue
      FROM cases`)
    for (const [k, v] of Object.entries(c ?? {})) expect(Number(v), k).toBeGreaterThan(0)
  })

  it('answers every standard period kind and breakdown from the rollups exactly as the direct computation', {
    timeout: LONG,
  }, async () => {
    let k = 0
    for (const kind of periodKinds) {
      for (const day of days) {
        // Every breakdown for every kind, spread over the days (each direct read derives all the facts anew).
        const some = [0, 1, 2].map((j) => groupings[(k + j) % groupings.length] as Grouping)
        k += some.length
        const [total] = await Promise.all([
          same(kind, day, district, 'none'),
          ...some.map((g) => same(kind, day, district, g)),
        ])
        expect(total.source).toBe('rollup')
        expect(total.rows[0]?.measures.reported ?? 0, `${kind} ${day}`).toBeGreaterThan(0)
      }
    }
  })

  it('answers filters, two dimensions at once and custom periods as the direct computation', {
    timeout: LONG,
  }, async () => {
    const [top] = (
      await sql<{ item_code: string; major_code: string; unit_id: number }>`
        SELECT f.item_code, i.major_code, max(f.unit_id) AS unit_id FROM stat_case_facts f
        JOIN catalog_items i ON i.code = f.item_code
        GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`.execute(db())
    ).rows
    if (!top) throw new Error('no facts')
    const [busiest] = (
      await sql<{ path: string }>`
        SELECT CAST(area_path AS text) AS path FROM stat_case_facts WHERE grid_code <> ''
        GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`.execute(db())
    ).rows
    if (!busiest) throw new Error('no grid')
    const grid = busiest.path
    const street: StatFilter = { ...district, areaPaths: ['110120.110120001'] }
    const filters: [string, StatFilter, Grouping][] = [
      ['street', street, 'community'],
      ['item', { ...district, itemCode: top.item_code }, 'none'],
      ['item × channel', { ...district, itemCode: top.item_code }, 'channel'],
      ['major', { ...district, majorCode: top.major_code }, 'grid'],
      ['channel', { ...district, channel: 'platform_12345' }, 'none'],
      ['unit', { ...district, unitIds: [Number(top.unit_id)] }, 'handler'],
      ['street by category', street, 'category'],
      ['street × item by community', { ...street, itemCode: top.item_code }, 'community'],
      ['grid × item', { ...district, areaPaths: [grid], itemCode: top.item_code }, 'none'],
      ['grid by channel', { ...district, areaPaths: [grid] }, 'channel'],
    ]
    // One dimension within a street or wider is kept; below a street (or by community, grid) the facts answer.
    const kept = ['street', 'item', 'channel', 'street by category']
    const facts = [
      'item × channel',
      'major',
      'unit',
      'street × item by community',
      'grid × item',
      'grid by channel',
    ]
    for (const [label, filter, groupBy] of filters) {
      const month = await same('month', '2026-06-30', filter, groupBy)
      expect(month.rows.length, label).toBeGreaterThan(0)
      if (kept.includes(label)) expect(month.source, label).toBe('rollup')
      if (facts.includes(label)) expect(month.source, label).toBe('facts')
    }
    for (const kind of ['day', 'week'] as const) {
      expect((await same(kind, '2026-06-30', { ...district, itemCode: top.item_code }, 'none')).source).toBe(
        'rollup',
      )
      expect((await same(kind, '2026-06-30', street, 'category')).source).toBe('rollup')
    }
    for (const [from, to] of [
      ['2026-01-01', '2026-06-30'],
      ['2026-03-10', '2026-12-31'],
    ] as const) {
      const period = { kind: 'custom' as const, from, to }
      for (const groupBy of ['none', 'community', 'channel'] as const)
        expect((await app.services.stats.measure(period, district, groupBy)).rows).toEqual(
          await app.services.stats.raw(period, district, groupBy),
        )
    }
  })

  it('stays equal after cases change and the catch-up counts the changes', { timeout: LONG }, async () => {
    const iso = (t: string) => `to_char((${t}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    const stop = (stage: string, at: string) =>
      sql.raw(`(SELECT jsonb_agg(CASE WHEN x->>'stage' = '${stage}' AND x->>'stoppedAt' IS NULL
          THEN x || jsonb_build_object('stoppedAt', ${iso(at)}, 'paused', false,
                                       'onTime', ${at} <= (x->>'deadline')::timestamptz)
          ELSE x END) FROM jsonb_array_elements(clocks) x)`)
    let changed = 0
    const ids = async (status: string, n: number, more = sql`true`) => {
      const rows = (
        await sql<{
          id: number
        }>`SELECT id FROM cases WHERE status = ${status} AND ${more} ORDER BY id DESC LIMIT ${n}`.execute(
          db(),
        )
      ).rows
      expect(rows.length, status).toBeGreaterThan(0)
      changed += rows.length
      return sql`(${sql.join(rows.map((r) => Number(r.id)))})`
    }
    const handling = await ids('handling', 250)
    const verified = await ids('verified', 100)
    const closed = await ids('closed', 150)
    const archived = await ids('archived', 120, sql`NOT self_handled`)
    const reported = await ids('reported', 40)
    const dispatched = await ids('dispatched', 60)
    await db()
      .transaction()
      .execute(async (trx) => {
        // handled: three weeks after the report, on time or late by the case's deadline
        await sql`UPDATE cases SET status = 'handled', clocks = ${stop('handle', "reported_at + interval '21 days'")},
          updated_at = reported_at + interval '21 days', version = version + 1
        WHERE id IN ${handling} AND id % 5 <> 0`.execute(trx)
        // closed: the verified ones
        await sql`UPDATE cases SET status = 'closed', closed_at = updated_at + interval '3 hours',
          clocks = ${stop('overall', "updated_at + interval '3 hours'")}, version = version + 1
        WHERE id IN ${verified}`.execute(trx)
        // followed up: closed ones, reached and unreached
        await sql`INSERT INTO case_events (case_id, district_code, at, action, actor_name, from_status, to_status, data)
        SELECT id, district_code, closed_at + interval '1 day', 'follow_up', '受理员', 'closed', 'archived',
          jsonb_build_object('followUp', CASE WHEN id % 3 = 0 THEN '{"reached":false}'::jsonb
                                              ELSE '{"reached":true,"satisfaction":"basically"}'::jsonb END)
        FROM cases WHERE id IN ${closed}`.execute(trx)
        await sql`UPDATE cases SET status = 'archived', satisfaction = CASE WHEN id % 3 = 0 THEN NULL ELSE 'basically' END
        WHERE id IN ${closed}`.execute(trx)
        // reopened: archived ones go back to registration (closed_at cleared)
        await sql`UPDATE cases SET status = 'registered', closed_at = NULL, satisfaction = NULL, version = version + 1
        WHERE id IN ${archived}`.execute(trx)
        // rejected late, supervised, and returned and sent back (推诿)
        await sql`UPDATE cases SET status = 'rejected', clocks = ${stop('accept', 'updated_at')} WHERE id IN ${reported}`.execute(
          trx,
        )
        await sql`INSERT INTO case_events (case_id, district_code, at, action, actor_name, data)
        SELECT id, district_code, updated_at, 'supervise', '区领导', '{}'::jsonb FROM cases WHERE id IN ${dispatched}`.execute(
          trx,
        )
        await sql`INSERT INTO case_events (case_id, district_code, at, action, actor_name, data)
        SELECT id, district_code, reported_at + interval '2 days', 'return', '处置人员', '{}'::jsonb
        FROM cases WHERE id IN ${handling} AND id % 5 = 0`.execute(trx)
        await sql`UPDATE cases SET shirk_count = shirk_count + 1 WHERE id IN ${handling} AND id % 5 = 0`.execute(
          trx,
        )
      })
    // Every changed case, and only those, is marked by the triggers (the statuses picked are disjoint).
    expect(await store.pending()).toBe(changed)
    await app.services.stats.catchUp()
    expect(await store.pending()).toBe(0)
    // Rows whose counts the changes took back to zero: the breakdowns of their periods must not show them.
    const grainGroups: Record<string, Grouping> = {
      area: 'grid',
      item: 'category',
      channel: 'channel',
      unit: 'department',
      reporter: 'reporter',
      handler: 'handler',
    }
    const zeroed = (
      await sql<{ grain: string; kind: PeriodKind; start: string }>`
        SELECT DISTINCT ON (grain) grain, kind, to_char(period_start, 'YYYY-MM-DD') AS start FROM stat_rollups r
        WHERE NOT EXISTS (SELECT 1 FROM jsonb_each(to_jsonb(r) - 'grain' - 'kind' - 'period_start' - 'area_path'
                            - 'grid_code' - 'item_code' - 'channel' - 'unit_id' - 'person_id') m WHERE m.value <> '0')
        ORDER BY grain, kind DESC, period_start`.execute(db())
    ).rows
    for (const z of zeroed) await same(z.kind, z.start, district, grainGroups[z.grain] ?? 'none')
    let k = 0
    for (const kind of periodKinds)
      for (const day of days)
        await Promise.all([
          same(kind, day, district, 'none'),
          same(kind, day, district, groupings[k++ % groupings.length] as Grouping),
        ])
  })

  it('rebuilds the same rollups', { timeout: LONG }, async () => {
    const snapshot = async () =>
      (
        await sql<Record<string, unknown>>`
          SELECT grain, kind, to_char(period_start, 'YYYY-MM-DD') AS period_start, area_path::text AS area_path, grid_code,
            item_code, channel, unit_id, person_id, to_jsonb(r) - 'grain' - 'kind' - 'period_start' - 'area_path'
              - 'grid_code' - 'item_code' - 'channel' - 'unit_id' - 'person_id' AS m
          FROM stat_rollups r
          ORDER BY grain, kind, period_start, area_path::text, grid_code, item_code, channel, unit_id, person_id`.execute(
          db(),
        )
      ).rows.filter((r) => Object.values(r.m as Record<string, number>).some((v) => Number(v) !== 0))
    const kept = await snapshot()
    const facts = (await sql`SELECT * FROM stat_case_facts ORDER BY case_id`.execute(db())).rows
    await store.rebuild()
    expect((await sql`SELECT * FROM stat_case_facts ORDER BY case_id`.execute(db())).rows).toEqual(facts)
    const rebuilt = await snapshot()
    expect(rebuilt.length).toBe(kept.length)
    expect(rebuilt).toEqual(kept)
  })
})
