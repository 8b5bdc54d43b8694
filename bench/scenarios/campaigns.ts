/**
 * Campaigns (issue 11): on the demo district's grid network, 100,000 rental houses in one street
 * (spread over its grids, a grid worker posted on each), then over the real app and HTTP stack
 * (in-process `inject`, as a district administrator):
 *   1. createCampaign over every rental house of the street: one INSERT … SELECT of 100,000 items,
 *      each with its grid's worker, the per-grid counters and the audit row (target < 10 s);
 *   2. after 40 % of the items are answered (bulk, then counted afresh), getCampaignProgress for the
 *      district (rows per street), the street (rows per community) and by grid: p50/p95 of RUNS each
 *      (target < 200 ms); the preview's count beside it.
 * PGlite and PostgreSQL alike; BENCH_CAMPAIGN_TARGETS changes the 100,000.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { App } from '../../packages/server/src/app.ts'
import { type AppDatabase, openPgForApp, openPgliteForApp } from '../lib/app-database.ts'
import { buildBenchApp } from '../lib/bench-app.ts'
import { onCleanup } from '../lib/cleanup.ts'
import { percentile } from '../lib/load.ts'
import type { BenchContext, ResultRow, Scenario } from '../lib/types.ts'

const DISTRICT = '110120'
const STREET = '110120001'
const TARGETS = Number(process.env.BENCH_CAMPAIGN_TARGETS ?? 100_000)
const RUNS = 40
const TARGET = { createMs: 10_000, progressMs: 200 }
const system = { userId: null, name: 'bench', ip: null, userAgent: null, requestId: null }

async function measureOn(ctx: BenchContext, database: AppDatabase): Promise<ResultRow[]> {
  const db = database.label
  const dataDir = mkdtempSync(join(tmpdir(), 'onegrid-bench-campaigns-'))
  const unregister = onCleanup('remove the campaigns scenario data directory', () =>
    rmSync(dataDir, { recursive: true, force: true }),
  )
  let app: App | null = null
  const rows: ResultRow[] = []
  try {
    const [
      { seedReferenceData },
      { systemClock },
      { migrateToLatest },
      { demoAreaTree },
      { defaultTemplates },
    ] = await Promise.all([
      import('../../packages/server/src/app.ts'),
      import('../../packages/server/src/platform/clock.ts'),
      import('../../packages/server/src/platform/db/migrate.ts'),
      import('../../packages/server/src/modules/areas/demo.ts'),
      import('@onegrid/core/campaigns/templates'),
    ])
    await migrateToLatest(database.handle.db)
    await seedReferenceData(database.handle, systemClock)
    app = await buildBenchApp(ctx, database, dataDir, 1_100_001, { ONEGRID_SESSION_IDLE_MINUTES: '600' })
    const since = new Date(`${new Date().getFullYear() - 1}-01-01T00:00:00+08:00`)
    await app.services.areas.saveTree(await demoAreaTree(app.database.db), { effectiveFrom: since })
    const grids = (
      await database.sql.query(
        `SELECT code, path::text AS path FROM areas WHERE level = 'grid' AND code LIKE '${STREET}%' ORDER BY code`,
      )
    ).rows.map((r) => ({ code: String(r.code), path: String(r.path) }))
    if (grids.length === 0) throw new Error(`no grids in street ${STREET}`)
    // A grid worker on every grid of the street (the items' assignees).
    const root = { areaPaths: [DISTRICT], unitIds: [] }
    for (const [i, g] of grids.entries())
      await app.services.users.create(root, system, {
        username: `bench-cw-${i}`,
        displayName: `网格员${i}`,
        initialPassword: 'Bench#2026camp',
        assignments: [{ role: 'grid_worker', areaCode: g.code }],
      })
    // 100,000 rental houses spread over the street's grids, deterministic (no randomness needed).
    const t0 = performance.now()
    await database.sql.query(
      `INSERT INTO registry_houses (room_no, address, use, grid_code, area_path, location, created_at, updated_at)
       SELECT i::text, '东湖路' || (i / 40) || '号' || (i % 40) || '室', 'rental', g.code, g.path::ltree,
         ST_SetSRID(ST_MakePoint(116.30 + (i % 1000) / 100000.0, 39.90 + (i / 1000) / 100000.0), 4326), now(), now()
       FROM generate_series(0, $1::int - 1) AS i
       JOIN (SELECT row_number() OVER (ORDER BY code) - 1 AS n, code, path FROM areas
             WHERE level = 'grid' AND code LIKE '${STREET}%') g ON g.n = i % $2::int`,
      [TARGETS, grids.length],
    )
    await database.sql.query('ANALYZE')
    ctx.log(
      `campaigns: ${db}: ${TARGETS} rental houses in ${grids.length} grids in ${Math.round(performance.now() - t0)} ms`,
    )

    const adminUser = await app.services.users.create(root, system, {
      username: 'bench-campaign-admin',
      displayName: 'bench-campaign-admin',
      initialPassword: 'Bench#2026camp',
      assignments: [{ role: 'admin', areaCode: DISTRICT }],
    })
    await app.database.db
      .updateTable('users')
      .set({ must_change_password: false })
      .where('id', '=', adminUser.id)
      .execute()
    const { token } = await app.services.login.login('bench-campaign-admin', 'Bench#2026camp', system)
    const headers = { authorization: `Bearer ${token}` }
    const fire = defaultTemplates.find((t) => t.key === 'rental_fire_safety')
    if (!fire) throw new Error('template missing')
    const targets = { kind: 'rental_house', areaCodes: [STREET] }

    const preview = await app.http.inject({
      method: 'POST',
      url: '/api/campaigns/preview',
      headers,
      payload: { targets },
    })
    if (preview.statusCode !== 200)
      throw new Error(`preview: ${preview.statusCode} ${preview.body.slice(0, 200)}`)
    const previewed = (preview.json() as { total: number }).total

    const c0 = performance.now()
    const created = await app.http.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers,
      payload: {
        title: '出租房屋消防安全检查',
        issuingUnit: '区综治中心',
        templateKey: fire.key,
        targets,
        form: fire.form,
      },
    })
    const createMs = performance.now() - c0
    if (created.statusCode !== 201)
      throw new Error(`create: ${created.statusCode} ${created.body.slice(0, 200)}`)
    const campaign = created.json() as { id: number; figures: { total: number } }
    if (campaign.figures.total !== TARGETS || previewed !== TARGETS)
      throw new Error(`expected ${TARGETS} items, got ${campaign.figures.total} (preview ${previewed})`)
    rows.push({ metric: `${db}.create.items`, value: campaign.figures.total, unit: 'items' })
    rows.push({ metric: `${db}.create.ms`, value: createMs, unit: 'ms' })
    ctx.log(`campaigns: ${db}: createCampaign over ${TARGETS} houses in ${Math.round(createMs)} ms`)

    // 40 % answered (every fifth done, every fifth but one in progress), counted afresh.
    await database.sql.query(
      `UPDATE campaign_items SET status = CASE WHEN id % 5 IN (0, 1) THEN 'done' ELSE 'in_progress' END,
         done_at = CASE WHEN id % 5 IN (0, 1) THEN now() END, answers = '{"met":"yes"}'
       WHERE campaign_id = $1 AND id % 5 IN (0, 1, 2)`,
      [campaign.id],
    )
    await app.services.campaigns.store.recount(app.database.db, campaign.id)
    await database.sql.query('ANALYZE')

    const queries = [
      ['district', `/api/campaigns/${campaign.id}/progress?under=${DISTRICT}`],
      ['street', `/api/campaigns/${campaign.id}/progress?under=${STREET}`],
      ['grids', `/api/campaigns/${campaign.id}/progress?under=${STREET}&level=grid`],
    ] as const
    for (const [name, url] of queries) {
      for (let i = 0; i < 5; i++) await app.http.inject({ method: 'GET', url, headers })
      const samples = new Float64Array(RUNS)
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now()
        const res = await app.http.inject({ method: 'GET', url, headers })
        samples[i] = performance.now() - s
        if (res.statusCode !== 200) throw new Error(`progress: ${res.statusCode} ${res.body.slice(0, 200)}`)
      }
      samples.sort()
      rows.push({ metric: `${db}.progress.${name}.p50`, value: percentile(samples, 50), unit: 'ms' })
      rows.push({ metric: `${db}.progress.${name}.p95`, value: percentile(samples, 95), unit: 'ms' })
    }
    for (const r of rows) {
      const target = r.metric.endsWith('create.ms')
        ? TARGET.createMs
        : r.metric.includes('.progress.') && r.metric.endsWith('.p95')
          ? TARGET.progressMs
          : null
      if (target !== null)
        ctx.note(
          `campaigns: ${r.metric} ${r.value.toFixed(1)} ms — target < ${target} ms: ${r.value < target ? 'PASS' : 'FAIL'}`,
        )
    }
    return rows
  } finally {
    try {
      await (app ? app.close() : database.handle.close())
      await database.dispose()
    } catch (error) {
      ctx.note(`campaigns: ${db}: clean-up failed: ${error instanceof Error ? error.message : String(error)}`)
    }
    unregister()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const scenario: Scenario = {
  name: 'campaigns',
  description:
    'campaigns: createCampaign over 100,000 rental houses of one street (target < 10 s) and getCampaignProgress p50/p95 for it (target < 200 ms)',
  extraTimeoutMs: 15 * 60_000,
  async run(ctx) {
    const rows: ResultRow[] = []
    const pglite = await openPgliteForApp(ctx, 'campaigns')
    if (pglite) rows.push(...(await measureOn(ctx, pglite)))
    if (ctx.pg) rows.push(...(await measureOn(ctx, await openPgForApp(ctx.pg, 'campaigns'))))
    else ctx.note('campaigns: no PostgreSQL: PGlite only')
    return rows
  },
}

export default scenario
