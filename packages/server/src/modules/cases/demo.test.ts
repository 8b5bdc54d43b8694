import fs from 'node:fs/promises'
import type { TCase } from '@onegrid/core/api/cases'
import type { TCatalogRules, TUrgency } from '@onegrid/core/api/catalog'
import type { StageClock } from '@onegrid/core/cases/clocks'
import { type CaseStatus, caseStatuses } from '@onegrid/core/cases/states'
import type { WorkCalendar } from '@onegrid/core/time/calendar'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import type { Config } from '../../platform/config.ts'
import { demoAreaTree } from '../areas/demo.ts'
import { defaultBodies, defaultItems, defaultMajors } from '../catalog/defaults/index.ts'
import { loadDemoCatalog } from '../catalog/demo.ts'
import { CatalogQueries } from '../catalog/queries.ts'
import { CatalogStore } from '../catalog/store.ts'
import { demoTrackingCode, demoTrackingFile, loadDemoCitizen } from '../citizen/demo.ts'
import { loadDemoGridStaff } from '../grid-staff/demo.ts'
import { GridStaffQueries } from '../grid-staff/queries.ts'
import { GridStaffStore } from '../grid-staff/store.ts'
import { loadDemoIdentity } from '../identity/demo.ts'
import { PasswordHasher } from '../identity/passwords.ts'
import { IdentityQueries } from '../identity/queries.ts'
import { IdentityStore } from '../identity/store.ts'
import { caseClocks } from './case-clock.ts'
import { clockEvents } from './case-view.ts'
import { loadDemoCases } from './demo.ts'
import { CaseQueries } from './queries.ts'

const password = 'Demo#2026grid'
const count = 300
const seed = 7

type Row = {
  id: number
  code: string
  status: CaseStatus
  channel: string
  urgency: TUrgency
  item_version_id: number
  reported_at: Date
  updated_at: Date
  clocks: StageClock[] | string
  due_at: Date | null
  warn_at: Date | null
  due_stage: string | null
  overdue: boolean
  supervised: boolean
  suspended: boolean
  alarm_step: number
  next_alarm_at: Date | null
  satisfaction: string | null
  merged_into: number | null
  version: number
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null)
/**
 * What a stored or served clock says whenever it is looked at: lights change
 * with time, and so does the deadline of a suspended clock (its pause still runs).
 */
const stable = (c: {
  stage: string
  startedAt: Date | string
  stoppedAt: Date | string | null
  deadline: Date | string
  paused: boolean
  runs: number
}) => ({
  stage: c.stage,
  startedAt: iso(c.startedAt),
  stoppedAt: iso(c.stoppedAt),
  deadline: c.paused ? 'paused' : iso(c.deadline),
  paused: c.paused,
  runs: c.runs,
})

describe('demo cases', () => {
  let app: App & { config: Config }
  let cal: WorkCalendar
  let rows: Row[] = []
  const headers: Record<string, Record<string, string>> = {}
  // A Tuesday afternoon: the month before it holds working days, weekends and nights.
  const clock = new ManualClock('2026-11-24T15:20:00+08:00')

  const generate = () =>
    loadDemoCases({
      db: app.database.db,
      clock,
      calendar: cal,
      pii: app.services.pii,
      files: app.services.files,
      count,
      seed,
    })
  const readRows = async () =>
    (
      await sql<Row>`SELECT id, code, status, channel, urgency, item_version_id, reported_at, updated_at, clocks,
        due_at, warn_at, due_stage, overdue, supervised, suspended, alarm_step, next_alarm_at, satisfaction,
        merged_into, version
        FROM cases ORDER BY id`.execute(app.database.db)
    ).rows.map((r) => ({
      ...r,
      id: Number(r.id),
      merged_into: r.merged_into === null ? null : Number(r.merged_into),
    }))

  beforeAll(async () => {
    app = await createTestApp({
      clock,
      env: { ONEGRID_DEMO_PASSWORD: password, ONEGRID_SESSION_IDLE_MINUTES: '1440' },
    })
    const db = app.database.db
    const identityQueries = new IdentityQueries(db)
    await app.services.areas.saveTree(await demoAreaTree(db), {
      effectiveFrom: new Date('2025-01-01T00:00:00+08:00'),
    })
    await loadDemoIdentity({
      store: new IdentityStore(db),
      queries: identityQueries,
      areas: app.services.areas,
      clock,
      dataDir: app.config.dataDir,
      password,
      passwords: new PasswordHasher(app.config.passwords),
    })
    await loadDemoGridStaff({
      areas: app.services.areas,
      users: app.services.users,
      queries: new GridStaffQueries(db, identityQueries),
      store: new GridStaffStore(db),
      clock,
      password,
      streets: 4,
    })
    await loadDemoCatalog({
      catalog: app.services.catalog,
      queries: new CatalogQueries(db),
      store: new CatalogStore(db),
      clock,
      defaults: { bodies: defaultBodies, majors: defaultMajors, items: defaultItems },
    })
    cal = await app.services.calendar.calendar()
    for (const user of ['zhibanzhang', 'shouliyuan', 'paiqianyuan', 'leader'])
      headers[user] = bearer(await tokenFor(app, user, password))

    const progress: number[] = []
    const started = performance.now()
    const result = await loadDemoCases({
      db,
      clock,
      calendar: cal,
      pii: app.services.pii,
      files: app.services.files,
      count,
      seed,
      onProgress: (done) => progress.push(done),
    })
    console.info(`demo cases: ${count} in ${Math.round(performance.now() - started)} ms`, result)
    expect(result.cases).toBe(count)
    expect(progress.at(-1)).toBe(count)
    rows = await readRows()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('makes a month of cases in every status, most of them archived, the newest ones open', async () => {
    expect(rows).toHaveLength(count)
    const byStatus = Object.fromEntries(
      caseStatuses.map((s) => [s, rows.filter((r) => r.status === s).length]),
    )
    for (const s of caseStatuses) expect(byStatus[s], s).toBeGreaterThan(0)
    expect(Math.max(...Object.values(byStatus))).toBe(byStatus.archived)
    const now = clock.now().getTime()
    for (const r of rows) {
      expect(r.reported_at.getTime()).toBeLessThan(now)
      expect(r.reported_at.getTime()).toBeGreaterThanOrEqual(now - 30 * 86_400_000)
      expect(r.updated_at.getTime()).toBeLessThanOrEqual(now)
    }
    // Overdue and supervised open cases exist, some suspended.
    const open = rows.filter((r) => !['archived', 'rejected', 'merged', 'closed'].includes(r.status))
    expect(open.filter((r) => r.due_at && r.due_at.getTime() < now).length).toBeGreaterThan(0)
    expect(open.filter((r) => r.supervised).length).toBeGreaterThan(0)
    expect(open.filter((r) => r.suspended).length).toBeGreaterThan(0)
    // Channels like a district's: grid workers report most, then the hotline.
    const share = (channel: string) => rows.filter((r) => r.channel === channel).length / rows.length
    expect(share('grid_worker')).toBeGreaterThan(0.3)
    expect(share('grid_worker')).toBeGreaterThan(share('hotline'))
    // Satisfied or basically satisfied: most of those reached.
    const rated = rows.filter((r) => r.satisfaction !== null)
    const content = rated.filter((r) => r.satisfaction !== 'unsatisfied')
    expect(content.length / rated.length).toBeGreaterThan(0.85)
    // Codes: district, the Shanghai report date, a number from the sequence.
    for (const r of rows) {
      const day = new Date(r.reported_at.getTime() + 8 * 3_600_000)
        .toISOString()
        .slice(0, 10)
        .replaceAll('-', '')
      expect(r.code).toMatch(new RegExp(`^110120${day}\\d{6}$`))
    }
    // Merged duplicates point at an earlier case.
    for (const r of rows.filter((x) => x.status === 'merged')) expect(r.merged_into).toBeLessThan(r.id)
  })

  it('keeps every timeline a chain of the machine’s steps, from the report to the status of the case', async () => {
    const queries = new CaseQueries(app.database.db)
    for (const r of rows) {
      const events = await queries.events(r.id)
      const steps = events.filter((e) => e.toStatus !== null)
      expect(['report', 'self_handle'], r.code).toContain(events[0]?.action)
      expect(steps.at(-1)?.toStatus, r.code).toBe(r.status)
      for (let i = 1; i < steps.length; i++)
        expect(steps[i]?.fromStatus, `${r.code} ${steps[i]?.action}`).toBe(steps[i - 1]?.toStatus)
      for (let i = 1; i < events.length; i++)
        expect((events[i]?.at.getTime() ?? 0) >= (events[i - 1]?.at.getTime() ?? 0), r.code).toBe(true)
    }
  })

  it('stores the clocks, deadlines and alarm ladder the service computes, so the sweep finds nothing left to do', async () => {
    const queries = new CaseQueries(app.database.db)
    const rulesOf = new Map<number, TCatalogRules>()
    for (const r of rows) {
      const rules = rulesOf.get(r.item_version_id) ?? (await queries.rules(r.item_version_id))
      rulesOf.set(r.item_version_id, rules)
      const events = await queries.events(r.id)
      const lastStep = events.filter((e) => e.toStatus !== null).at(-1)?.at ?? r.reported_at
      // What performCaseAction would have stored at the last step.
      const expected = caseClocks(cal, rules, r.urgency, clockEvents(events), lastStep)
      const stored = typeof r.clocks === 'string' ? (JSON.parse(r.clocks) as StageClock[]) : r.clocks
      expect(stored.map(stable), r.code).toEqual(expected.clocks.map(stable))
      expect(iso(r.due_at), r.code).toBe(iso(expected.dueAt))
      expect(iso(r.warn_at), r.code).toBe(iso(expected.warnAt))
      expect(r.due_stage, r.code).toBe(expected.dueStage)
      if (expected.late) expect(r.overdue, r.code).toBe(true)
      if (r.next_alarm_at) expect(r.next_alarm_at.getTime(), r.code).toBeGreaterThan(clock.now().getTime())
    }
    const ladder = rows.filter((r) => r.alarm_step > 0)
    expect(ladder.length).toBeGreaterThan(0)
    expect(await app.services.cases.sweep.sweep()).toEqual({ fired: 0 })
  })

  it('serves every case through the API with the same clocks and sensible actions', async () => {
    const expectedAction: Partial<Record<CaseStatus, string>> = {
      reported: 'accept',
      accepted: 'register',
      registered: 'dispatch',
      returned: 'rule_return',
      handled: 'verify',
      verified: 'close',
      closed: 'follow_up',
      archived: 'reopen',
    }
    const open: CaseStatus[] = [
      'reported',
      'accepted',
      'registered',
      'dispatched',
      'handling',
      'returned',
      'handled',
      'verified',
    ]
    for (const r of rows) {
      const res = await app.http.inject({
        method: 'GET',
        url: `/api/cases/${r.id}`,
        headers: headers.zhibanzhang,
      })
      expect(res.statusCode, res.body).toBe(200)
      const c = res.json() as TCase
      expect(c.status).toBe(r.status)
      expect(c.version).toBe(r.version)
      const stored = typeof r.clocks === 'string' ? (JSON.parse(r.clocks) as StageClock[]) : r.clocks
      expect(c.clocks.map(stable), r.code).toEqual(stored.map(stable))
      const action = expectedAction[r.status]
      if (action) expect(c.allowedActions, `${r.code} ${r.status}`).toContain(action)
      if (r.status === 'rejected' || r.status === 'merged') expect(c.allowedActions).toEqual([])
      if (r.status === 'handling' && !r.supervised) expect(c.allowedActions).toContain('supervise')
      // A supervised open case waits for its reply (the center may give it before dispatch).
      if (open.includes(r.status) && r.supervised) expect(c.allowedActions).toContain('reply_supervision')
      expect(c.timeline[0]?.attachments.length ?? 0).toBeLessThanOrEqual(2)
    }
  })

  it('attaches photos to reports and handling steps, served as images with thumbnails', async () => {
    const { rows: attached } = await sql<{ id: number; action: string; case_id: number; event_case: number }>`
      SELECT a.id, e.action, a.case_id, e.case_id AS event_case
      FROM case_attachments a JOIN case_events e ON e.id = a.event_id
      ORDER BY a.id`.execute(app.database.db)
    const actions = new Set(attached.map((a) => a.action))
    for (const action of ['report', 'handle', 'self_handle']) expect(actions).toContain(action)
    // Each photo belongs to the step it came with, on that step's case.
    for (const a of attached) expect(Number(a.case_id)).toBe(Number(a.event_case))
    // Reports from the field of items that require a photo have one (the machine refuses them without).
    const { rows: bare } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM cases c
      JOIN catalog_item_versions v ON v.id = c.item_version_id
      JOIN case_events e ON e.case_id = c.id AND e.action IN ('report', 'self_handle')
      WHERE (v.rules->>'photoRequired')::boolean AND c.channel IN ('grid_worker', 'patrol')
        AND NOT EXISTS (SELECT 1 FROM case_attachments a WHERE a.event_id = e.id)`.execute(app.database.db)
    expect(Number(bare[0]?.n)).toBe(0)
    for (const a of attached.slice(0, 12)) {
      const full = await app.http.inject({
        method: 'GET',
        url: `/api/cases/attachments/${a.id}`,
        headers: headers.zhibanzhang,
      })
      expect(full.statusCode).toBe(200)
      expect(full.headers['content-type']).toMatch(/^image\//)
      const thumb = await app.http.inject({
        method: 'GET',
        url: `/api/cases/attachments/${a.id}?thumb=true`,
        headers: headers.zhibanzhang,
      })
      expect(thumb.statusCode).toBe(200)
      expect(thumb.headers['content-type']).toMatch(/^image\//)
    }
    const distinct = await sql<{
      n: number
    }>`SELECT count(DISTINCT sha256)::int AS n FROM case_attachments`.execute(app.database.db)
    expect(Number(distinct.rows[0]?.n)).toBeGreaterThan(6)
  })

  it('gives residents’ reports tracking codes that track, and their photos a moderation state', async () => {
    const db = app.database.db
    const loaded = await loadDemoCitizen({ db, pii: app.services.pii, clock, dataDir: app.config.dataDir })
    const { rows: citizen } = await sql<{ code: string; status: string }>`
      SELECT code, status FROM cases WHERE channel = 'citizen' ORDER BY id`.execute(db)
    expect(loaded.reports).toBe(citizen.length)
    expect(citizen.length).toBeGreaterThan(0)
    // The codes written for a newcomer track, one per stage.
    const lines = (await fs.readFile(demoTrackingFile(app.config.dataDir), 'utf8')).trim().split('\n')
    expect(lines.length).toBeGreaterThan(1)
    for (const line of lines) {
      const [tracking, caseCode, stage] = line.split('\t')
      expect(tracking).toBe(demoTrackingCode(caseCode ?? ''))
      const res = await app.http.inject({ method: 'GET', url: `/api/citizen/track/${tracking}` })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({ caseCode, stage })
    }
    // Only approved photos reach the public map, and only of handled cases.
    const map = (
      await app.http.inject({ method: 'GET', url: '/api/citizen/public-cases?days=365' })
    ).json() as {
      items: { id: string; photos: string[] }[]
    }
    const { rows: approved } = await sql<{ id: string }>`
      SELECT attachment_id AS id FROM citizen_photos WHERE status = 'approved'`.execute(db)
    const shown = map.items.flatMap((i) => i.photos)
    expect(shown.length).toBeGreaterThan(0)
    for (const url of shown) expect(approved.map((a) => `/api/citizen/photos/${a.id}`)).toContain(url)
    // Again: nothing added.
    expect(
      (await loadDemoCitizen({ db, pii: app.services.pii, clock, dataDir: app.config.dataDir })).photos,
    ).toBe(loaded.photos)
    await sql`DELETE FROM citizen_photos`.execute(db)
    await sql`DELETE FROM citizen_reports`.execute(db)
  })

  it('adds nothing when run again, and makes the same cases from the same seed', async () => {
    expect(await generate()).toEqual({ cases: 0, events: 0 })
    expect(await readRows()).toHaveLength(count)

    const db = app.database.db
    await sql`DELETE FROM case_attachments`.execute(db)
    await sql`DELETE FROM case_events`.execute(db)
    await sql`DELETE FROM cases`.execute(db)
    await sql`ALTER SEQUENCE case_code_seq RESTART`.execute(db)
    expect((await generate()).cases).toBe(count)
    const again = await readRows()
    const summary = (list: Row[]) =>
      list.map((r) => [
        r.code,
        r.status,
        r.channel,
        r.item_version_id,
        r.reported_at.toISOString(),
        iso(r.due_at),
      ])
    expect(summary(again)).toEqual(summary(rows))
    rows = again
  })

  it('leaves open cases the service can carry on with', async () => {
    const act = async (
      user: string,
      r: Row | undefined,
      action: string,
      payload: Record<string, unknown> = {},
    ) => {
      if (!r) throw new Error(`no case for ${action}`)
      const res = await app.http.inject({
        method: 'POST',
        url: `/api/cases/${r.id}/actions`,
        headers: headers[user],
        payload: { action, expectedVersion: r.version, ...payload },
      })
      expect(res.statusCode, `${r.code} ${action}: ${res.body}`).toBe(200)
      return res.json() as TCase
    }
    const first = (s: CaseStatus) => rows.find((r) => r.status === s)
    expect((await act('shouliyuan', first('reported'), 'accept')).status).toBe('accepted')
    expect((await act('zhibanzhang', first('accepted'), 'register')).status).toBe('registered')
    expect((await act('paiqianyuan', first('returned'), 'rule_return', { ruling: 'send_back' })).status).toBe(
      'handling',
    )
    expect((await act('zhibanzhang', first('handled'), 'verify', { passed: true })).status).toBe('verified')
    expect((await act('zhibanzhang', first('verified'), 'close')).status).toBe('closed')
    const followed = await act('shouliyuan', first('closed'), 'follow_up', {
      followUp: { reached: true, satisfaction: 'satisfied' },
    })
    expect(followed.status).toBe('archived')
    const handling = rows.find((r) => r.status === 'handling' && !r.supervised)
    expect(
      (await act('leader', handling, 'supervise', { reason: '请加快办理' })).timeline.at(-1)?.action,
    ).toBe('supervise')
  })
})
